import type { EntityManager } from 'typeorm';
import { ROUTABLE_COLUMNS, type RoutableContact } from '../../contacts/contact.repository';
import type { ContactToRoute } from '../domain/agent-selection';

export type { RoutableContact } from '../../contacts/contact.repository';

const COLUMNS = ROUTABLE_COLUMNS;

/** @deprecated ContactRepository.lockRoutable in a unit of work. */
export async function lockContact(
  manager: EntityManager,
  contactId: string,
  options: { skipLocked?: boolean } = {},
): Promise<RoutableContact | null> {
  const [row] = await manager.query<RoutableContact[]>(
    `SELECT ${COLUMNS} FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id
      WHERE c.id = $1 FOR UPDATE OF c${options.skipLocked ? ' SKIP LOCKED' : ''}`,
    [contactId],
  );
  return row ?? null;
}

/** Queued contacts an agent may be offered, oldest first; the caller orders them by priority. */
export async function waitingContacts(
  manager: EntityManager,
  agentId: string,
  limit: number,
  retryAfterSeconds: number,
): Promise<RoutableContact[]> {
  return manager.query<RoutableContact[]>(
    `SELECT ${COLUMNS} FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id
      WHERE c.status = 'queued'
        AND NOT EXISTS (SELECT 1 FROM offer o WHERE o.contact_id = c.id AND o.agent_id = $1
                          AND o.status IN ('declined', 'expired')
                          AND o.decided_at > now() - make_interval(secs => $3))
      ORDER BY c.created_at, c.id LIMIT $2`,
    [agentId, limit, retryAfterSeconds],
  );
}

/**
 * Agents who let this contact pass lately (declined, or let the offer expire, within the retry
 * window): a re-offer moves on to someone else. Once the window has passed they may get it again,
 * so a contact every agent declined is not stranded.
 */
export async function triedAgents(
  manager: EntityManager,
  contactId: string,
  retryAfterSeconds: number,
): Promise<string[]> {
  const rows = await manager.query<{ agent_id: string }[]>(
    `SELECT DISTINCT agent_id FROM offer
      WHERE contact_id = $1 AND status IN ('declined', 'expired')
        AND decided_at > now() - make_interval(secs => $2)`,
    [contactId, retryAfterSeconds],
  );
  return rows.map((r) => r.agent_id);
}

export function toRoute(contact: RoutableContact): ContactToRoute {
  return {
    id: contact.id,
    medium: contact.medium,
    // A contact is queued only once classified; demand generation is the catch-all if it ever is not.
    channel: contact.channel ?? 'demand_generation',
    language: contact.language,
    productLine: contact.product_line,
    segment: contact.segment,
    enqueuedAt: new Date(contact.created_at).getTime(),
  };
}

/** One line an agent can decide on: who, from where, about what. */
export function offerSummary(contact: RoutableContact): string {
  const who = contact.from_name ?? contact.from_email ?? contact.from_phone ?? 'unknown sender';
  const from = contact.from_company ? `${who} (${contact.from_company})` : who;
  const about = (contact.subject ?? contact.body).replace(/\s+/g, ' ').trim();
  const short = [...about].length > 140 ? `${[...about].slice(0, 139).join('')}…` : about;
  return short ? `${from}: ${short}` : from;
}
