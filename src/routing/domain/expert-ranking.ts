/**
 * Proposal teams of experts, ranked by wins (DESIGN.md idea 2: those whose proposals win get more
 * invitations, those who lose get fewer). Pure. An expert's score adds three parts:
 *
 * - **fit** (half the score): the share of the lead's product lines the expert knows, and whether
 *   they know its industry;
 * - **record** (35 %): a win rate smoothed by a Beta(priorWins, priorLosses) prior, so a newcomer
 *   starts at the prior's mean (50 % by default) instead of 0 % (buried) or 100 % after one lucky
 *   win (over-promoted); each result weighs 0.5^(age / halfLifeDays), so old results fade;
 * - **availability** (15 %): 1 / (1 + open teams), so the busiest are not invited to everything.
 *
 * Parts are added, each rising in its own input, so one more win never lowers a score: the rank
 * property the spec checks.
 */

export interface ExpertResult {
  result: 'won' | 'lost';
  at: Date | number;
}

export interface ExpertCandidate {
  id: string;
  name: string;
  productLines: readonly string[];
  industries: readonly string[];
  /** Outcomes of the deals they were on the team of. */
  results: readonly ExpertResult[];
  /** Teams of open leads they are on (invited or accepted). */
  openTeams: number;
}

export interface RankingLead {
  productLines: readonly string[];
  industry: string | null;
}

export interface RankingPolicy {
  priorWins: number;
  priorLosses: number;
  halfLifeDays: number;
  weights: { fit: number; record: number; availability: number };
}

export const DEFAULT_RANKING_POLICY: Readonly<RankingPolicy> = Object.freeze({
  priorWins: 1,
  priorLosses: 1,
  halfLifeDays: 180,
  weights: Object.freeze({ fit: 0.5, record: 0.35, availability: 0.15 }),
});

export interface RankedExpert {
  id: string;
  name: string;
  /** 0..100, two decimals. */
  score: number;
  rank: number;
  fit: number;
  winRate: number;
  reason: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The decayed win and loss counts and the smoothed win rate. */
export function smoothedWinRate(
  results: readonly ExpertResult[],
  now: Date | number,
  policy: Pick<RankingPolicy, 'priorWins' | 'priorLosses' | 'halfLifeDays'> = DEFAULT_RANKING_POLICY,
): { wins: number; losses: number; rate: number } {
  const nowMs = toMs(now);
  let wins = 0;
  let losses = 0;
  for (const r of results) {
    const ageDays = Math.max(0, (nowMs - toMs(r.at)) / DAY_MS);
    const weight = Math.pow(0.5, ageDays / policy.halfLifeDays);
    if (r.result === 'won') wins += weight;
    else losses += weight;
  }
  const rate = (policy.priorWins + wins) / (policy.priorWins + policy.priorLosses + wins + losses);
  return { wins, losses, rate };
}

/** How well the expert's knowledge covers the lead: 0..1. */
export function expertFit(expert: Pick<ExpertCandidate, 'productLines' | 'industries'>, lead: RankingLead): number {
  const lines =
    lead.productLines.length === 0
      ? 0.5
      : lead.productLines.filter((l) => expert.productLines.includes(l)).length / lead.productLines.length;
  const industry = lead.industry === null ? 0.5 : expert.industries.includes(lead.industry) ? 1 : 0;
  return 0.75 * lines + 0.25 * industry;
}

/** Best first; ties broken by fewer open teams, then by id, so the order is stable. */
export function rankExperts(
  lead: RankingLead,
  experts: readonly ExpertCandidate[],
  now: Date | number,
  policy: RankingPolicy = DEFAULT_RANKING_POLICY,
): RankedExpert[] {
  const scored = experts.map((e) => {
    const fit = expertFit(e, lead);
    const record = smoothedWinRate(e.results, now, policy);
    const availability = 1 / (1 + Math.max(0, e.openTeams));
    const w = policy.weights;
    const score = Math.round(100 * (w.fit * fit + w.record * record.rate + w.availability * availability) * 100) / 100;
    return { expert: e, fit, record, score };
  });
  scored.sort(
    (a, b) => b.score - a.score || a.expert.openTeams - b.expert.openTeams || (a.expert.id < b.expert.id ? -1 : 1),
  );
  return scored.map((s, i) => ({
    id: s.expert.id,
    name: s.expert.name,
    score: s.score,
    rank: i + 1,
    fit: Math.round(s.fit * 100) / 100,
    winRate: Math.round(s.record.rate * 1000) / 1000,
    reason: reasonOf(s.expert, lead, s.record),
  }));
}

function reasonOf(
  e: ExpertCandidate,
  lead: RankingLead,
  record: { wins: number; losses: number; rate: number },
): string {
  const known = lead.productLines.filter((l) => e.productLines.includes(l));
  const parts: string[] = [];
  if (lead.productLines.length === 0) parts.push('the lead names no product line');
  else if (known.length === 0) parts.push(`knows none of ${lead.productLines.join(', ')}`);
  else parts.push(`knows ${known.join(', ')} (${known.length}/${lead.productLines.length} product lines)`);
  if (lead.industry !== null)
    parts.push(e.industries.includes(lead.industry) ? `industry ${lead.industry}` : `not industry ${lead.industry}`);
  const won = e.results.filter((r) => r.result === 'won').length;
  const lost = e.results.length - won;
  parts.push(
    e.results.length === 0
      ? `no record yet: win rate ${pct(record.rate)} from the prior`
      : `won ${won}, lost ${lost}: win rate ${pct(record.rate)} (smoothed, recent results weigh more)`,
  );
  parts.push(e.openTeams === 0 ? 'on no open team' : `on ${e.openTeams} open team${e.openTeams === 1 ? '' : 's'}`);
  return parts.join('; ');
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const toMs = (t: Date | number) => (typeof t === 'number' ? t : t.getTime());
