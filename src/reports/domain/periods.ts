import { rate, round } from './stats';

export interface ReportPeriod {
  /** `before` and `after` around the split date, or `all` without one. */
  name: 'before' | 'after' | 'all';
  from: Date;
  to: Date;
}

/**
 * The periods the sellers report compares: [from, before) and [before, to), or the whole range
 * when no split date is given. null when the split date is not strictly inside the range.
 */
export function splitPeriods(from: Date, to: Date, before?: Date): ReportPeriod[] | null {
  if (!before) return [{ name: 'all', from, to }];
  if (!(before.getTime() > from.getTime() && before.getTime() < to.getTime())) return null;
  return [
    { name: 'before', from, to: before },
    { name: 'after', from: before, to },
  ];
}

/** One seller's figures in one period. */
export interface SellerPeriodFigures {
  customersServed: number;
  won: number;
  /** The seller's sales cycles in the period (days from lead to won), any order. */
  cycleDays: readonly number[];
}

export interface PeriodSummary {
  sellers: number;
  customersServed: number;
  /** Customers served over sellers who served any (2 decimals); null with no sellers. */
  customersPerSeller: number | null;
  won: number;
  /** Mean days from lead to won (1 decimal); null with no wins. */
  averageCycleDays: number | null;
}

/** The whole period: the article's two numbers, customers per seller and sales cycle time. */
export function summarizePeriod(sellers: readonly SellerPeriodFigures[]): PeriodSummary {
  const active = sellers.filter((s) => s.customersServed > 0 || s.won > 0);
  const customersServed = active.reduce((a, s) => a + s.customersServed, 0);
  const cycles = active.flatMap((s) => s.cycleDays);
  const perSeller = rate(customersServed, active.length);
  return {
    sellers: active.length,
    customersServed,
    customersPerSeller: perSeller === null ? null : round(customersServed / active.length, 2),
    won: active.reduce((a, s) => a + s.won, 0),
    averageCycleDays: cycles.length === 0 ? null : round(cycles.reduce((a, b) => a + b, 0) / cycles.length, 1),
  };
}

/** after / before, as a ratio (1.25 = a quarter more); null when either side is missing or zero. */
export function change(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before === 0) return null;
  return round(after / before, 4);
}
