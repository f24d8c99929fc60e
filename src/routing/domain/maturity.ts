/**
 * The company-wide maturity index for opportunities (DESIGN.md, "Maturity index"): one scale for
 * every lead, so deals do not stall unnoticed and new ones are found before the current ones close.
 */

/** Stages a lead can still move through, in order of progress. */
export const OPEN_MATURITY_STAGES = ['M0', 'M1', 'M2', 'M3', 'M4'] as const;
export type OpenMaturity = (typeof OPEN_MATURITY_STAGES)[number];

/** Where a lead ends; nothing moves out of these. */
export const CLOSED_MATURITY_STAGES = ['won', 'lost'] as const;
export type ClosedMaturity = (typeof CLOSED_MATURITY_STAGES)[number];

/**
 * Every stage, in the order reports and sorting use: open stages by progress, then won, then lost.
 * Lost sorts last so a funnel reads top to bottom; it does not mean lost is "further" than won.
 */
export const MATURITY_STAGES = [...OPEN_MATURITY_STAGES, ...CLOSED_MATURITY_STAGES] as const;
export type Maturity = (typeof MATURITY_STAGES)[number];

/** Default display names; deployments may rename stages without changing their codes. */
export const DEFAULT_MATURITY_LABELS: Readonly<Record<Maturity, string>> = Object.freeze({
  M0: 'identified',
  M1: 'need recognized',
  M2: 'qualified (budget, authority, need, timeline)',
  M3: 'solution proposed',
  M4: 'negotiating',
  won: 'won',
  lost: 'lost',
});

/** Days a lead may stay in one open stage before it counts as stalled. */
export type StallLimits = Record<OpenMaturity, number>;

export const DEFAULT_STALL_LIMITS_DAYS: Readonly<StallLimits> = Object.freeze({
  M0: 14,
  M1: 21,
  M2: 30,
  M3: 30,
  M4: 45,
});

// Stall limits are durations, not calendar dates: a day is 24 hours whatever the time zone or DST.
const DAY_MS = 24 * 60 * 60 * 1000;

export function isMaturity(value: unknown): value is Maturity {
  return typeof value === 'string' && (MATURITY_STAGES as readonly string[]).includes(value);
}

export function isOpenMaturity(value: unknown): value is OpenMaturity {
  return typeof value === 'string' && (OPEN_MATURITY_STAGES as readonly string[]).includes(value);
}

export function isClosedMaturity(value: Maturity): value is ClosedMaturity {
  return value === 'won' || value === 'lost';
}

/** Sort comparator in MATURITY_STAGES order (negative when `a` comes first). */
export function compareMaturity(a: Maturity, b: Maturity): number {
  return MATURITY_STAGES.indexOf(a) - MATURITY_STAGES.indexOf(b);
}

/**
 * Whether a lead at `maturity` has reached the qualification `bar`. A won deal has passed every
 * open stage; a lost one qualifies for nothing but nurture, whatever stage it was lost from.
 */
export function meetsMaturityBar(maturity: Maturity, bar: Maturity): boolean {
  if (maturity === 'lost') return false;
  if (maturity === 'won') return bar !== 'lost';
  if (isClosedMaturity(bar)) return false;
  return compareMaturity(maturity, bar) >= 0;
}

/**
 * Allowed moves: forward by any number of open stages (a lead may be discovered already
 * qualified), back by one (a proposal rejected sends it back to rework, not to the start), won from
 * M2 on (nothing is won unqualified), lost from any open stage, and nothing out of won or lost.
 */
export function canTransition(from: Maturity, to: Maturity): boolean {
  if (isClosedMaturity(from)) return false;
  if (to === 'lost') return true;
  if (to === 'won') return compareMaturity(from, 'M2') >= 0;
  const step = compareMaturity(to, from);
  return step >= 1 || step === -1;
}

export interface StallFacts {
  stage: Maturity;
  /** When the lead entered `stage`. */
  enteredAt: Date | number;
  /** Per-stage limits in days; missing stages use the defaults. */
  limits?: Partial<StallLimits>;
}

/** The limit in days that applies to an open stage. */
export function stallLimitDays(stage: OpenMaturity, limits: Partial<StallLimits> = {}): number {
  return limits[stage] ?? DEFAULT_STALL_LIMITS_DAYS[stage];
}

/**
 * The instant after which a lead that stays in its stage is stalled, to schedule the check that
 * flags it; null for won and lost, which never stall.
 */
export function stallDeadline({ stage, enteredAt, limits }: StallFacts): Date | null {
  if (isClosedMaturity(stage)) return null;
  return new Date(toMs(enteredAt) + stallLimitDays(stage, limits) * DAY_MS);
}

/** Stalled means longer than the limit: a lead exactly at its limit is still on time. */
export function isStalled(facts: StallFacts & { now: Date | number }): boolean {
  return stalledSince(facts) !== null;
}

/** When the lead became stalled, or null when it is not stalled at `now`. */
export function stalledSince(facts: StallFacts & { now: Date | number }): Date | null {
  const deadline = stallDeadline(facts);
  if (deadline === null) return null;
  return toMs(facts.now) > deadline.getTime() ? deadline : null;
}

function toMs(time: Date | number): number {
  return typeof time === 'number' ? time : time.getTime();
}
