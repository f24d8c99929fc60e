import { compareIds } from './agent-selection';

/**
 * The handoff of a lead routed to the field: which face-to-face deal specialist is offered it, by
 * when they must accept, and who comes next when they do not (DESIGN.md, "matrix ... handoff with
 * an acceptance SLA and escalation").
 */

export interface DealSpecialist {
  id: string;
  territories: string[];
  industries: string[];
  productLines: string[];
  openLeads: number;
  maxOpenLeads: number;
  active: boolean;
}

export interface LeadForHandoff {
  territory?: string | null;
  industry?: string | null;
  productLines: string[];
}

export type DealSpecialistSelection =
  { specialist: DealSpecialist; reason: string } | { specialist: null; reason: string };

/**
 * A deal specialist has half a working day to take a lead before it moves on: long enough to be
 * out at a customer meeting, short enough that a hot opportunity is not lost overnight. Deployments
 * change it with HANDOFF_SLA_MINUTES.
 */
export const DEFAULT_HANDOFF_SLA_MS = 4 * 60 * 60 * 1000;

/**
 * Picks the deal specialist for a field lead, skipping `excludeIds` (those who already let it
 * pass). Only active specialists below their maximum of open leads can take it. Among them, those
 * covering the lead's territory or industry are preferred; when none does, anyone may take it
 * rather than leaving a large complex deal unowned. Then: most of the lead's product lines in
 * their expertise, then the lowest load relative to their own maximum (a part-time specialist with
 * a small maximum is not buried), then fewer open leads, then the smallest id.
 */
export function selectDealSpecialist(
  specialists: readonly DealSpecialist[],
  lead: LeadForHandoff,
  options: { excludeIds?: readonly string[] } = {},
): DealSpecialistSelection {
  const excluded = new Set(options.excludeIds ?? []);
  const tried = specialists.filter((s) => excluded.has(s.id)).length;
  const available = specialists.filter((s) => !excluded.has(s.id) && s.active && s.openLeads < s.maxOpenLeads);
  if (available.length === 0) {
    return { specialist: null, reason: noSpecialistReason(specialists, excluded) };
  }

  const matching = available.filter((s) => coverage(s, lead).length > 0);
  const pool = matching.length > 0 ? matching : available;
  const ranked = [...pool].sort((a, b) => compareSpecialists(a, b, lead));
  const best = ranked[0];

  const covers = coverage(best, lead);
  const region = describeRegion(lead);
  const where =
    matching.length > 0
      ? `covers ${covers.join(' and ')}`
      : region === null
        ? 'the lead names no territory or industry, so any specialist may take it'
        : `nobody available covers ${region}, so any specialist may take it`;
  const overlap = expertiseOverlap(best, lead);
  const expertise =
    lead.productLines.length === 0
      ? 'no product lines to match'
      : `expert in ${overlap} of ${distinct(lead.productLines).length} product lines`;
  return {
    specialist: best,
    reason:
      `${where}; ${expertise}; ${best.openLeads} of ${best.maxOpenLeads} open leads ` +
      `(${pool.length === 1 ? 'the only candidate' : `best of ${pool.length} candidates`}` +
      `${tried > 0 ? `, ${tried} already tried` : ''})`,
  };
}

function compareSpecialists(a: DealSpecialist, b: DealSpecialist, lead: LeadForHandoff): number {
  return (
    expertiseOverlap(b, lead) - expertiseOverlap(a, lead) ||
    a.openLeads / a.maxOpenLeads - b.openLeads / b.maxOpenLeads ||
    a.openLeads - b.openLeads ||
    compareIds(a.id, b.id)
  );
}

/** Which of the lead's territory and industry the specialist covers, as phrases for a reason. */
function coverage(specialist: DealSpecialist, lead: LeadForHandoff): string[] {
  const covered: string[] = [];
  if (lead.territory && specialist.territories.includes(lead.territory)) covered.push(`territory ${lead.territory}`);
  if (lead.industry && specialist.industries.includes(lead.industry)) covered.push(`industry ${lead.industry}`);
  return covered;
}

function expertiseOverlap(specialist: DealSpecialist, lead: LeadForHandoff): number {
  return distinct(lead.productLines).filter((line) => specialist.productLines.includes(line)).length;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function describeRegion(lead: LeadForHandoff): string | null {
  const parts = [
    lead.territory ? `territory ${lead.territory}` : null,
    lead.industry ? `industry ${lead.industry}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' or ') : null;
}

function noSpecialistReason(specialists: readonly DealSpecialist[], excluded: ReadonlySet<string>): string {
  if (specialists.length === 0) return 'no deal specialists';
  let tried = 0;
  let inactive = 0;
  let full = 0;
  for (const s of specialists) {
    if (excluded.has(s.id)) tried++;
    else if (!s.active) inactive++;
    else full++;
  }
  const parts = [
    tried > 0 ? `${tried} already tried` : null,
    inactive > 0 ? `${inactive} inactive` : null,
    full > 0 ? `${full} at their maximum of open leads` : null,
  ].filter((part): part is string => part !== null);
  return `no deal specialist can take the lead among ${specialists.length}: ${parts.join(', ')}`;
}

/** When the offered specialist must have accepted, in epoch ms. */
export function handoffDeadline(offeredAt: number, slaMs: number = DEFAULT_HANDOFF_SLA_MS): number {
  // A zero or negative SLA would expire every offer the moment it is made.
  if (!Number.isFinite(slaMs) || slaMs <= 0) throw new RangeError(`handoff SLA must be > 0 ms, got ${slaMs}`);
  return offeredAt + slaMs;
}

/** An offer is overdue from its deadline on. */
export function isHandoffOverdue(offeredAt: number, slaMs: number, now: number): boolean {
  return now >= handoffDeadline(offeredAt, slaMs);
}

export type Escalation =
  | { escalateTo: 'specialist'; specialist: DealSpecialist; reason: string }
  | { escalateTo: 'supervisor'; reason: string };

/**
 * After a specialist declines or lets the SLA pass: the next specialist not yet tried, or the
 * supervisor once nobody is left (all tried, inactive or full), so a lead never waits unowned.
 */
export function nextEscalation(
  triedIds: readonly string[],
  specialists: readonly DealSpecialist[],
  lead: LeadForHandoff,
): Escalation {
  const selection = selectDealSpecialist(specialists, lead, { excludeIds: triedIds });
  if (selection.specialist === null) {
    return { escalateTo: 'supervisor', reason: `${selection.reason}: the supervisor assigns it` };
  }
  return { escalateTo: 'specialist', specialist: selection.specialist, reason: selection.reason };
}
