import type { Principal } from '../../auth/auth.types';
import { scopeOf } from '../../auth/domain/access-policy';
import { DomainError, notFound } from '../../common/domain-error';
import type { ContactRepository, ContactDetail } from '../contact.repository';

/** Supervisors and admins may work any contact; everyone else only the contacts assigned to them. */
export const OVERSEER_ROLES = ['supervisor', 'admin'] as const;

export function isOverseer(principal: { roles: readonly string[] }): boolean {
  return principal.roles.some((r) => (OVERSEER_ROLES as readonly string[]).includes(r));
}

/**
 * The contact a caller may work on (write a note, transfer, wrap up): 404 when it is outside their
 * scope (ids do not leak), 403 when they may see it but are not its owner (the assigned agent).
 */
export async function contactToWork(
  contacts: Pick<ContactRepository, 'findDetail'>,
  contactId: string,
  principal: Principal,
): Promise<ContactDetail> {
  const contact = await contacts.findDetail(contactId, scopeOf(principal));
  if (!contact) throw notFound('contact', contactId);
  if (!isOverseer(principal) && contact.assignedAgentId !== principal.id) {
    throw new DomainError('forbidden', `contact ${contactId} is not assigned to you`);
  }
  return contact;
}
