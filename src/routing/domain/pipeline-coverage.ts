import { type Maturity, OPEN_MATURITY_STAGES, type OpenMaturity } from './maturity';

/**
 * Coverage of the sales plan by the pipeline (DESIGN.md, "maturity index": new deals must be found
 * before the current ones close). Each open lead counts its amount times the probability that a
 * lead at its stage closes won, so an M0 idea counts little and an M4 negotiation nearly in full;
 * won deals count in full. `ratio` = weighted / target: below 1 the plan is not covered even if
 * every deal closes as its stage predicts, and sellers must find more early-stage pipeline.
 */

/** Probability of winning per open stage. Defaults are the common B2B rule of thumb (configurable). */
export type StageWeights = Record<OpenMaturity, number>;

export const DEFAULT_STAGE_WEIGHTS: Readonly<StageWeights> = Object.freeze({
  M0: 0.05,
  M1: 0.1,
  M2: 0.25,
  M3: 0.5,
  M4: 0.75,
});

export interface PipelineLead {
  maturity: Maturity;
  amount: number | null;
}

export interface Coverage {
  target: number;
  /** Won amounts plus open amounts times their stage weight. */
  weighted: number;
  /** weighted / target; null when the target is 0 (nothing to cover). */
  ratio: number | null;
}

/** Amounts are money: weighted is rounded to cents, the ratio to four decimals. */
export function planCoverage(
  leads: readonly PipelineLead[],
  target: number,
  weights: Partial<StageWeights> = {},
): Coverage {
  let weighted = 0;
  for (const lead of leads) {
    const amount = lead.amount ?? 0;
    if (lead.maturity === 'won') weighted += amount;
    else if (lead.maturity !== 'lost') weighted += amount * stageWeight(lead.maturity, weights);
  }
  weighted = Math.round(weighted * 100) / 100;
  const ratio = target > 0 ? Math.round((weighted / target) * 10_000) / 10_000 : null;
  return { target, weighted, ratio };
}

export function stageWeight(stage: OpenMaturity, weights: Partial<StageWeights> = {}): number {
  return weights[stage] ?? DEFAULT_STAGE_WEIGHTS[stage];
}

/** Whether weights rise with progress (a later stage never weighs less); config is checked with it. */
export function weightsAreMonotonic(weights: Partial<StageWeights>): boolean {
  const values = OPEN_MATURITY_STAGES.map((s) => stageWeight(s, weights));
  return values.every((w, i) => w >= 0 && w <= 1 && (i === 0 || w >= values[i - 1]));
}

/** A sales-plan period: a calendar quarter, `2027-Q1`. */
export interface PlanPeriod {
  period: string;
  /** Inclusive start, exclusive end, UTC. */
  start: Date;
  end: Date;
}

/** Parses `YYYY-Qn` (n 1..4); null when malformed. */
export function parsePlanPeriod(period: string): PlanPeriod | null {
  const match = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!match) return null;
  const year = Number(match[1]);
  const quarter = Number(match[2]);
  if (year < 2000 || year > 2999) return null;
  const start = new Date(Date.UTC(year, (quarter - 1) * 3, 1));
  const end = new Date(Date.UTC(year, quarter * 3, 1));
  return { period, start, end };
}
