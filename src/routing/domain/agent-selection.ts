import type { PRESENCE_STATUSES } from '../../common/protocol.mjs';
import type { Language, Medium, SalesChannel } from '../../contacts/contact.types';
import type { UserSkills } from '../../users/user.types';

/**
 * Which inside-sales agent gets a contact, and in what order waiting contacts are served. Pure:
 * the caller loads presence, loads and the queue, and passes the clock in.
 */

/** available, away, offline (src/common/protocol.mjs). */
export type Presence = (typeof PRESENCE_STATUSES)[number];

export interface AgentState {
  id: string;
  presence: Presence;
  /** An empty or absent list means "any". */
  skills: UserSkills;
  /** Contacts the agent currently holds, per medium. */
  load: Partial<Record<Medium, number>>;
  /** How many contacts of a medium the agent may hold at once; missing media use DEFAULT_CAPACITY. */
  capacity: Partial<Record<Medium, number>>;
  /** Epoch ms when the agent's last assignment ended. */
  idleSince: number;
}

export interface ContactToRoute {
  id: string;
  medium: Medium;
  channel: SalesChannel;
  language: Language;
  productLine?: string | null;
  /**
   * Priority added by market planning when the contact's account is in a target segment of the
   * product line asked about (src/catalog/domain/market-planning.ts), with the reason naming it.
   */
  priorityBonus?: number;
  priorityReason?: string | null;
  /** Epoch ms when the contact joined the queue. */
  enqueuedAt: number;
  /** An outbound campaign's call attempt: served only after every inbound contact (orderQueue). */
  campaign?: boolean;
}

/**
 * A call needs the agent's full attention; written media can be interleaved, e-mail most of all
 * since nobody waits on the line.
 */
export const DEFAULT_CAPACITY: Readonly<Record<Medium, number>> = Object.freeze({
  voice: 1,
  sms: 3,
  web: 3,
  email: 5,
  fax: 3,
});

export function capacityFor(agent: AgentState, medium: Medium): number {
  return agent.capacity[medium] ?? DEFAULT_CAPACITY[medium];
}

export function totalLoad(agent: AgentState): number {
  // A loop over the keys, not Object.values: the fairness order calls this per comparison.
  let sum = 0;
  for (const medium in agent.load) sum += agent.load[medium as Medium] ?? 0;
  return sum;
}

/** Why an agent cannot take a contact; the first failing check, in the order listed. */
export type Ineligibility = 'not_available' | 'language' | 'medium' | 'channel' | 'product_line' | 'at_capacity';

export function whyIneligible(agent: AgentState, contact: ContactToRoute): Ineligibility | null {
  if (agent.presence !== 'available') return 'not_available';
  if (!allows(agent.skills.languages, contact.language)) return 'language';
  if (!allows(agent.skills.media, contact.medium)) return 'medium';
  if (!allows(agent.skills.channels, contact.channel)) return 'channel';
  // A contact without a product line requires no product skill.
  if (contact.productLine && !allows(agent.skills.productLines, contact.productLine)) return 'product_line';
  if ((agent.load[contact.medium] ?? 0) >= capacityFor(agent, contact.medium)) return 'at_capacity';
  return null;
}

/** Available, with room in the contact's medium, and every skill the contact requires. */
export function eligible(agent: AgentState, contact: ContactToRoute): boolean {
  return whyIneligible(agent, contact) === null;
}

export type AgentSelection = { agent: AgentState; reason: string } | { agent: null; reason: string };

/**
 * Why a contact should go to one agent first: `last_agent` (a closed contact reopened by a new
 * inbound message goes back to whoever last worked it), `relationship_owner` (an e-Coverage
 * contact of an account goes to the account's owner).
 */
export type PreferenceKind = 'last_agent' | 'relationship_owner';

export interface PreferredAgent {
  agentId: string;
  kind: PreferenceKind;
}

export const PREFERENCE_PHRASES: Record<PreferenceKind, string> = {
  last_agent: "the contact's last agent",
  relationship_owner: "the account's relationship owner",
};

/**
 * A preferred agent is held to less than the skills: they must be available, serve the contact's
 * medium and have room in it, but language, channel and product-line skills are waived, because
 * knowing the customer (they worked this contact, they own the account) is worth more than a
 * skill match the matrix would look for in a stranger. Medium stays: an agent who does not take
 * calls cannot answer one, however well they know the caller.
 */
export function whyIneligibleAsPreferred(agent: AgentState, contact: ContactToRoute): Ineligibility | null {
  if (agent.presence !== 'available') return 'not_available';
  if (!allows(agent.skills.media, contact.medium)) return 'medium';
  if ((agent.load[contact.medium] ?? 0) >= capacityFor(agent, contact.medium)) return 'at_capacity';
  return null;
}

/** Whether `agent` may be offered the contact, as the preferred agent when they are the one preferred. */
export function canTake(agent: AgentState, contact: ContactToRoute, preferredAgentId?: string | null): boolean {
  return agent.id === preferredAgentId
    ? whyIneligibleAsPreferred(agent, contact) === null
    : whyIneligible(agent, contact) === null;
}

/**
 * Picks the agent for a contact. Fairness among eligible agents: the longest idle first, then the
 * fewest contacts held across media, then the smallest id, so the same state always gives the same
 * answer (replays and tests agree). `excludeAgentIds` are agents the contact was already offered
 * to (declined or expired), so a re-offer moves on.
 *
 * A `preferred` agent (the last agent of a reopened contact, the account's relationship owner)
 * gets the contact first when whyIneligibleAsPreferred finds nothing against them and they were
 * not already tried; otherwise selection is the normal one and its reason says why the preferred
 * agent was passed over. The preference never makes a contact wait.
 */
export function selectAgent(
  agents: readonly AgentState[],
  contact: ContactToRoute,
  options: { excludeAgentIds?: readonly string[]; preferred?: PreferredAgent | null } = {},
): AgentSelection {
  const excluded = new Set(options.excludeAgentIds ?? []);
  const preferred = options.preferred ?? null;
  if (!preferred) return selectAmong(agents, contact, excluded);
  const phrase = PREFERENCE_PHRASES[preferred.kind];
  const agent = agents.find((a) => a.id === preferred.agentId);
  const passedOver = excluded.has(preferred.agentId)
    ? 'already tried'
    : !agent
      ? // The roster holds available agents only: one missing from it is away, offline or no agent.
        'away or offline'
      : whyIneligibleAsPreferred(agent, contact);
  if (agent && passedOver === null) return { agent, reason: `preferred: ${phrase}` };
  const why = passedOver === 'already tried' || passedOver === 'away or offline' ? passedOver : phraseOf(passedOver);
  const fallback = selectAmong(agents, contact, excluded);
  return { ...fallback, reason: `${fallback.reason} (${phrase} is ${why})` };
}

/** Why a preferred agent was passed over, as reasons say it. */
export function phraseOf(why: Ineligibility | null): string {
  // Only presence, medium and capacity can fail for a preferred agent.
  if (why === 'medium') return 'not serving this medium';
  if (why === 'at_capacity') return 'at capacity';
  return 'away or offline';
}

function selectAmong(
  agents: readonly AgentState[],
  contact: ContactToRoute,
  excluded: ReadonlySet<string>,
): AgentSelection {
  const skills = requiredSkills(contact);
  const candidates = agents.filter((agent) => !excluded.has(agent.id) && eligible(agent, contact));
  const tried = agents.filter((agent) => excluded.has(agent.id)).length;
  const excludedNote = tried > 0 ? ` (${tried} already tried)` : '';

  if (candidates.length === 0) {
    return { agent: null, reason: noAgentReason(agents, contact, excluded) };
  }

  const ranked = [...candidates].sort(compareAgents);
  const [best] = ranked;
  const pool = `${candidates.length} eligible agents with skills ${skills}${excludedNote}`;
  if (candidates.length === 1) {
    return { agent: best, reason: `the only eligible agent with skills ${skills}${excludedNote}` };
  }

  const equallyIdle = candidates.filter((agent) => agent.idleSince === best.idleSince);
  if (equallyIdle.length === 1) return { agent: best, reason: `longest idle among ${pool}` };

  const bestLoad = totalLoad(best);
  const equallyLoaded = equallyIdle.filter((agent) => totalLoad(agent) === bestLoad);
  if (equallyLoaded.length === 1) {
    return {
      agent: best,
      reason: `fewest open contacts (${bestLoad}) among ${equallyIdle.length} equally idle of ${pool}`,
    };
  }
  return {
    agent: best,
    reason: `first by id among ${equallyLoaded.length} equally idle and equally loaded of ${pool}`,
  };
}

/** The fairness order: longest idle, then fewest contacts held, then id. */
export function compareAgents(a: AgentState, b: AgentState): number {
  return a.idleSince - b.idleSince || totalLoad(a) - totalLoad(b) || compareIds(a.id, b.id);
}

// Plain code-unit order, not localeCompare: the tie-break must not depend on the host's locale.
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function allows<T>(list: readonly T[] | undefined, value: T): boolean {
  return !list || list.length === 0 || list.includes(value);
}

/** The skills a contact asks for, as reasons name them. */
export function requiredSkills(contact: ContactToRoute): string {
  return contact.productLine ? `${contact.language}, ${contact.productLine}` : contact.language;
}

/** Each failing check as the no-agent reason counts it. */
export const INELIGIBILITY_PHRASES: Record<Ineligibility, (contact: ContactToRoute) => string> = {
  not_available: () => 'away or offline',
  language: (contact) => `without language ${contact.language}`,
  medium: (contact) => `not serving ${contact.medium}`,
  channel: (contact) => `not serving ${contact.channel}`,
  product_line: (contact) => `without product line ${contact.productLine ?? ''}`,
  at_capacity: (contact) => `at ${contact.medium} capacity`,
};

/** Why nobody can take the contact, counted by each agent's first failing check. */
export function noAgentReason(
  agents: readonly AgentState[],
  contact: ContactToRoute,
  excluded: ReadonlySet<string>,
): string {
  const head = `no eligible agent for a ${contact.medium} contact with skills ${requiredSkills(contact)}`;
  if (agents.length === 0) return `${head}: no agents`;
  const counts = new Map<string, number>();
  for (const agent of agents) {
    const ineligibility = whyIneligible(agent, contact);
    const why = excluded.has(agent.id)
      ? 'already tried'
      : ineligibility === null
        ? 'eligible'
        : INELIGIBILITY_PHRASES[ineligibility](contact);
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  const parts = [...counts].map(([why, n]) => `${n} ${why}`);
  return `${head} among ${agents.length}: ${parts.join(', ')}`;
}

export interface PriorityPolicy {
  /** Base priority per medium. */
  mediumWeights: Record<Medium, number>;
  /** Priority gained per minute of waiting; must be > 0 or low-priority contacts can starve. */
  agingPerMinute: number;
}

/**
 * A caller on the line hangs up first, a chat or SMS next; e-mail and fax wait without leaving.
 * One point per minute of waiting means a fresh call outranks an e-mail for 80 minutes, no longer.
 */
export const DEFAULT_PRIORITY_POLICY: PriorityPolicy = Object.freeze({
  mediumWeights: Object.freeze({ voice: 100, sms: 60, web: 40, email: 20, fax: 20 }),
  agingPerMinute: 1,
});

const MINUTE_MS = 60_000;

/** Higher is served first. Waiting raises it linearly, so no contact waits forever. */
export function contactPriority(
  contact: ContactToRoute,
  now: number,
  policy: PriorityPolicy = DEFAULT_PRIORITY_POLICY,
): number {
  // Clocks of different processes disagree a little; a contact "from the future" has just not waited yet.
  const waitedMinutes = Math.max(0, now - contact.enqueuedAt) / MINUTE_MS;
  return policy.mediumWeights[contact.medium] + (contact.priorityBonus ?? 0) + policy.agingPerMinute * waitedMinutes;
}

/** Serving order: inbound before campaign work, then priority descending, first come first served, id. */
export function orderQueue(
  contacts: readonly ContactToRoute[],
  now: number,
  policy: PriorityPolicy = DEFAULT_PRIORITY_POLICY,
): ContactToRoute[] {
  // The sort keys in flat arrays and positions sorted, not an object per contact: a waiting list
  // of thousands is ordered at each agent-free event.
  const n = contacts.length;
  const campaign = new Uint8Array(n);
  const priority = new Float64Array(n);
  const enqueuedAt = new Float64Array(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const contact = contacts[i];
    campaign[i] = contact.campaign === true ? 1 : 0;
    priority[i] = contactPriority(contact, now, policy);
    enqueuedAt[i] = contact.enqueuedAt;
    order[i] = i;
  }
  order.sort(
    (a, b) =>
      // Inbound first, whatever the priority: a caller never waits behind campaign work.
      campaign[a] - campaign[b] ||
      priority[b] - priority[a] ||
      enqueuedAt[a] - enqueuedAt[b] ||
      compareIds(contacts[a].id, contacts[b].id),
  );
  const ordered = new Array<ContactToRoute>(n);
  for (let i = 0; i < n; i++) ordered[i] = contacts[order[i]];
  return ordered;
}

export interface Assignment {
  contactId: string;
  agentId: string;
  reason: string;
}

export interface BatchResult {
  assignments: Assignment[];
  /** Contacts left waiting, in queue order. */
  unassigned: ContactToRoute[];
  /** The agents as they are after the batch: loads raised, idleSince moved to `now` for those assigned. */
  agents: AgentState[];
}

/**
 * Serves a queue in priority order, each contact to the agent selectAgent picks given the loads so
 * far. An assignment counts as the end of the agent's idleness, so one batch spreads contacts
 * across agents instead of filling the longest-idle agent up to capacity first.
 */
export function assignBatch(
  agents: readonly AgentState[],
  contacts: readonly ContactToRoute[],
  now: number,
  policy: PriorityPolicy = DEFAULT_PRIORITY_POLICY,
): BatchResult {
  const current = agents.map((agent) => ({ ...agent, load: { ...agent.load } }));
  const assignments: Assignment[] = [];
  const unassigned: ContactToRoute[] = [];

  for (const contact of orderQueue(contacts, now, policy)) {
    const selection = selectAgent(current, contact);
    if (selection.agent === null) {
      unassigned.push(contact);
      continue;
    }
    const agent = selection.agent;
    agent.load[contact.medium] = (agent.load[contact.medium] ?? 0) + 1;
    agent.idleSince = Math.max(agent.idleSince, now);
    assignments.push({ contactId: contact.id, agentId: agent.id, reason: selection.reason });
  }
  return { assignments, unassigned, agents: current };
}
