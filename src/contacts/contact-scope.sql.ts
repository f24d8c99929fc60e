import type { AccessScope, ContactGrant } from '../auth/domain/access-policy';

/** The handoff statuses that make the lead the specialist's (offered to them, or taken). */
export const SPECIALIST_HANDOFF_STATUSES = ['offered', 'accepted'] as const;

/**
 * The SQL of each contact grant of the access policy (src/auth/domain/access-policy.ts), about
 * the contact row `c`, `$u` being the caller's id. Exhaustive by type: a new grant does not
 * compile until it has its clause here.
 */
const CONTACT_CLAUSES: Readonly<Record<ContactGrant, (u: () => string) => string>> = {
  offered: (u) =>
    `EXISTS (SELECT 1 FROM offer so WHERE so.contact_id = c.id AND so.status = 'pending' AND so.agent_id = ${u()})`,
  assigned: (u) =>
    `EXISTS (SELECT 1 FROM assignment sa WHERE sa.contact_id = c.id AND sa.ended_at IS NULL AND sa.agent_id = ${u()})`,
  account_owner: (u) =>
    `EXISTS (SELECT 1 FROM customer scu WHERE scu.id = c.customer_id AND scu.relationship_owner_id = ${u()})`,
  own_lead: (u) => `EXISTS (SELECT 1 FROM lead sl WHERE sl.contact_id = c.id AND sl.owner_id = ${u()})`,
  specialist_lead: (u) =>
    `EXISTS (SELECT 1 FROM lead sl WHERE sl.contact_id = c.id AND (sl.assignee_id = ${u()} OR EXISTS (
       SELECT 1 FROM handoff sh WHERE sh.lead_id = sl.id AND sh.specialist_id = ${u()}
          AND sh.status IN ('${SPECIALIST_HANDOFF_STATUSES.join("', '")}'))))`,
  // The contact of a lead whose proposal team the user is invited to or on.
  team_lead: (u) =>
    `EXISTS (SELECT 1 FROM lead sl JOIN team_invitation ti ON ti.lead_id = sl.id
       WHERE sl.contact_id = c.id AND ti.expert_id = ${u()} AND ti.status <> 'declined')`,
};

/**
 * The WHERE clause keeping the contacts `c` the scope may see; pushes its parameters onto
 * `params`. `TRUE` for supervisors and admins, `FALSE` for a scope without contact grants.
 */
export function contactScopeSql(scope: AccessScope, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  if (scope.contacts.length === 0) return 'FALSE';
  // The caller's id is bound once, and only when a clause uses it (an unused parameter has no type).
  let bound: string | null = null;
  const u = () => (bound ??= `$${params.push(scope.userId)}::uuid`);
  return `(${scope.contacts.map((g) => CONTACT_CLAUSES[g](u)).join(' OR ')})`;
}
