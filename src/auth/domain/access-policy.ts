import type { Role } from '../../users/user.types';

/**
 * Who may see which staff records: ownership, not just roles. Pure: the rules are data (GRANTS)
 * and predicates over plain facts; the repositories turn the same grants into SQL (every grant
 * has one WHERE clause there, so a list is filtered in the database, never after fetching). A
 * record outside the caller's scope answers 404, so its id does not leak.
 */

/** The caller as the policy needs it (the auth Principal fits). */
export interface Viewer {
  id: string;
  roles: readonly Role[];
}

/** Why a contact is visible to a user. */
export type ContactGrant =
  /** a pending offer of the contact made to the user */
  | 'offered'
  /** the user's active assignment of the contact */
  | 'assigned'
  /** the user is the relationship owner of the contact's customer account */
  | 'account_owner'
  /** the contact of a lead the user qualified (lead.owner_id) */
  | 'own_lead'
  /** the contact of a lead handed to the user as deal specialist */
  | 'specialist_lead'
  /** the contact of a lead of one of the user's teams */
  | 'team_lead';

/** Why a lead is visible to a user. */
export type LeadGrant =
  /** the user qualified it (lead.owner_id) */
  | 'owner'
  /** the user is its deal specialist: lead.assignee_id, or an open or accepted handoff to them */
  | 'specialist'
  /** it belongs to one of the user's teams */
  | 'team';

/** Why a callback task is visible to a user. */
export type CallbackTaskGrant =
  /** nobody took it yet: the shared work list agents pick from */
  | 'unassigned'
  /** it is assigned to the user */
  | 'assigned';

export interface Grants {
  contacts: readonly ContactGrant[];
  leads: readonly LeadGrant[];
  callbackTasks: readonly CallbackTaskGrant[];
}

const NONE: Grants = { contacts: [], leads: [], callbackTasks: [] };

/** What each role sees beyond nothing; `everything` for the overseers. */
export const GRANTS: Readonly<Record<Role, Grants | 'everything'>> = {
  agent: {
    contacts: ['offered', 'assigned', 'account_owner', 'own_lead'],
    leads: ['owner'],
    callbackTasks: ['unassigned', 'assigned'],
  },
  deal_specialist: { contacts: ['specialist_lead'], leads: ['specialist'], callbackTasks: [] },
  // Experts see the leads of the proposal teams they are invited to or on.
  expert: { contacts: ['team_lead'], leads: ['team'], callbackTasks: [] },
  // Back office sees its tasks; none exist yet.
  backoffice: NONE,
  supervisor: 'everything',
  admin: 'everything',
};

/** What a caller may see: everything, or the union of their roles' grants. */
export type AccessScope = { all: true } | ({ all: false; userId: string; teamIds: readonly string[] } & Grants);

const union = <T>(lists: readonly (readonly T[])[]): T[] => [...new Set(lists.flat())];

/** The caller's scope; `teamIds` are the teams the user belongs to (none exist yet). */
export function scopeOf(viewer: Viewer, teamIds: readonly string[] = []): AccessScope {
  const grants = viewer.roles.map((role) => GRANTS[role]);
  if (grants.includes('everything')) return { all: true };
  const own = grants.filter((g): g is Grants => g !== 'everything');
  return {
    all: false,
    userId: viewer.id,
    teamIds: [...teamIds],
    contacts: union(own.map((g) => g.contacts)),
    leads: union(own.map((g) => g.leads)),
    callbackTasks: union(own.map((g) => g.callbackTasks)),
  };
}

/** A lead's facts that decide who sees it. */
export interface LeadFacts {
  ownerId: string | null;
  assigneeId: string | null;
  /** Specialists of the lead's handoffs that are offered or accepted. */
  handoffSpecialistIds: readonly string[];
  /** The teams the lead belongs to (none exist yet). */
  teamIds: readonly string[];
}

/** A contact's facts that decide who sees it. */
export interface ContactFacts {
  /** Agents holding a pending offer of it. */
  pendingOfferAgentIds: readonly string[];
  activeAssigneeId: string | null;
  accountOwnerId: string | null;
  lead: LeadFacts | null;
}

const LEAD_RULES: Readonly<
  Record<LeadGrant, (userId: string, lead: LeadFacts, teamIds: readonly string[]) => boolean>
> = {
  owner: (u, l) => l.ownerId === u,
  specialist: (u, l) => l.assigneeId === u || l.handoffSpecialistIds.includes(u),
  team: (_, l, teams) => l.teamIds.some((t) => teams.includes(t)),
};

const CONTACT_RULES: Readonly<
  Record<ContactGrant, (userId: string, c: ContactFacts, teamIds: readonly string[]) => boolean>
> = {
  offered: (u, c) => c.pendingOfferAgentIds.includes(u),
  assigned: (u, c) => c.activeAssigneeId === u,
  account_owner: (u, c) => c.accountOwnerId === u,
  own_lead: (u, c, t) => c.lead !== null && LEAD_RULES.owner(u, c.lead, t),
  specialist_lead: (u, c, t) => c.lead !== null && LEAD_RULES.specialist(u, c.lead, t),
  team_lead: (u, c, t) => c.lead !== null && LEAD_RULES.team(u, c.lead, t),
};

export function canSeeLead(scope: AccessScope, lead: LeadFacts): boolean {
  return scope.all || scope.leads.some((g) => LEAD_RULES[g](scope.userId, lead, scope.teamIds));
}

export function canSeeContact(scope: AccessScope, contact: ContactFacts): boolean {
  return scope.all || scope.contacts.some((g) => CONTACT_RULES[g](scope.userId, contact, scope.teamIds));
}

export function canSeeCallbackTask(scope: AccessScope, task: { assignedAgentId: string | null }): boolean {
  if (scope.all) return true;
  return scope.callbackTasks.some((g) =>
    g === 'unassigned' ? task.assignedAgentId === null : task.assignedAgentId === scope.userId,
  );
}

/** Whether the caller may give a callback task to `assigneeId` (agents take tasks for themselves only). */
export function canAssignCallbackTask(scope: AccessScope, assigneeId: string | null): boolean {
  return scope.all || assigneeId === null || (scope.callbackTasks.includes('assigned') && assigneeId === scope.userId);
}

/** A customer account's facts that decide who sees it. */
export interface CustomerFacts {
  relationshipOwnerId: string | null;
  /** Whether the viewer may see at least one of the account's contacts. */
  hasVisibleContact: boolean;
}

/**
 * An account is seen by its relationship owner and by whoever may see one of its contacts (the
 * agent working a contact sees who the customer is); supervisors and admins see every account.
 */
export function canSeeCustomer(scope: AccessScope, customer: CustomerFacts): boolean {
  if (scope.all) return true;
  if (scope.contacts.includes('account_owner') && customer.relationshipOwnerId === scope.userId) return true;
  return customer.hasVisibleContact;
}

/** A change to a person (`PATCH /people/:id`). */
export interface PersonChange {
  doNotContact?: boolean;
  name?: string | null;
}

/**
 * Why the caller may not make this change to a person they can see, or null when they may.
 * Supervisors and admins change anything. The person's owner (the agent assigned one of their
 * contacts, or their account's relationship owner) records the customer's own wishes at once:
 * marks them do-not-contact and corrects the name; lifting do-not-contact again is an overseer's
 * decision, since the customer asked for it.
 */
export function personChangeRefusal(
  scope: AccessScope,
  facts: { owner: boolean },
  change: PersonChange,
): string | null {
  if (scope.all) return null;
  if (!facts.owner) return "only the owner of one of the person's contacts, a supervisor or an admin changes a person";
  if (change.doNotContact === false) return 'only a supervisor or an admin lifts do-not-contact';
  return null;
}
