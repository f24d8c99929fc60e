import type { AccessScope, ContactGrant } from '../auth/domain/access-policy';

/** The handoff statuses that make the lead the specialist's (offered to them, or taken). */
export const SPECIALIST_HANDOFF_STATUSES = ['offered', 'accepted'] as const;

/**
 * The SQL of each contact grant of the access policy (src/auth/domain/access-policy.ts): the ids
 * of the contacts the grant lets the caller see, `$u` being the caller's id. Exhaustive by type: a
 * new grant does not compile until it has its query here.
 *
 * Id sets rather than `EXISTS` per contact row: the union of a user's few offers, assignments,
 * accounts and leads is small, so PostgreSQL reads it first and joins the contacts by primary key
 * (a semi-join), instead of testing every contact of the table against each grant — which made
 * an agent's `GET /contacts` a scan of the whole table (seconds at 1,000,000 contacts).
 */
const CONTACT_IDS: Readonly<Record<ContactGrant, (u: () => string) => string>> = {
  offered: (u) => `SELECT so.contact_id FROM offer so WHERE so.status = 'pending' AND so.agent_id = ${u()}`,
  assigned: (u) => `SELECT sa.contact_id FROM assignment sa WHERE sa.ended_at IS NULL AND sa.agent_id = ${u()}`,
  account_owner: (u) =>
    `SELECT sc.id FROM customer scu JOIN contact sc ON sc.customer_id = scu.id WHERE scu.relationship_owner_id = ${u()}`,
  own_lead: (u) => `SELECT sl.contact_id FROM lead sl WHERE sl.owner_id = ${u()}`,
  specialist_lead: (u) =>
    `SELECT sl.contact_id FROM lead sl WHERE sl.assignee_id = ${u()}
     UNION ALL
     SELECT sl.contact_id FROM handoff sh JOIN lead sl ON sl.id = sh.lead_id
      WHERE sh.specialist_id = ${u()} AND sh.status IN ('${SPECIALIST_HANDOFF_STATUSES.join("', '")}')`,
  // The contacts of leads whose proposal team the user is invited to or on.
  team_lead: (u) =>
    `SELECT sl.contact_id FROM team_invitation ti JOIN lead sl ON sl.id = ti.lead_id
      WHERE ti.expert_id = ${u()} AND ti.status <> 'declined'`,
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
  return `(c.id IN (${scope.contacts.map((g) => CONTACT_IDS[g](u)).join(' UNION ALL ')}))`;
}
