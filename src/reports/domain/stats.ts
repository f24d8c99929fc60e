/**
 * The small statistics every report shares: nearest-rank percentiles, rates, means and the spread
 * of a group of counts. Pure and deterministic, so a report's numbers are checkable by hand.
 */

export interface Percentiles {
  /** How many values the percentiles were taken over. */
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/**
 * The nearest-rank percentile of ascending `sorted` values: the smallest value with at least `p`
 * percent of the values at or below it (no interpolation, so the answer is always a value that
 * occurred). null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50, p90 and p99 of the values (in any order). */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return { count: list.length, p50: percentile(list, 50), p90: percentile(list, 90), p99: percentile(list, 99) };
}

/** numerator / denominator rounded to 4 decimals; null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return round(numerator / denominator, 4);
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The median by the nearest-rank rule (see `percentile`). */
export function median(values: readonly number[]): number | null {
  return percentiles(values).p50;
}

/**
 * The coefficient of variation of counts: population standard deviation over the mean (0 = all
 * equal). null for an empty group or one whose counts are all zero.
 */
export function coefficientOfVariation(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || m === 0) return null;
  const variance = values.reduce((acc, v) => acc + (v - m) ** 2, 0) / values.length;
  return round(Math.sqrt(variance) / m, 4);
}

/** A histogram bucket: values up to `upTo` (inclusive; null = no upper bound) above the previous bucket. */
export interface Bucket {
  upTo: number | null;
  count: number;
}

/** Counts of values per bucket of ascending upper `edges`, plus one open bucket above the last edge. */
export function histogram(values: readonly number[], edges: readonly number[]): Bucket[] {
  const buckets: Bucket[] = [...edges.map((upTo) => ({ upTo, count: 0 })), { upTo: null, count: 0 }];
  for (const v of values) {
    const i = edges.findIndex((edge) => v <= edge);
    buckets[i < 0 ? edges.length : i].count++;
  }
  return buckets;
}
