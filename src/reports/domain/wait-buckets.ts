/**
 * Waits kept in log-linear buckets whose values are kept too, so that a long period's exact
 * nearest-rank percentiles need the counts of every bucket but the values of only the few buckets
 * holding the ranks asked for (report_wait_bucket, migration 1765900000000-ReportWaitRollup).
 *
 * A wait of v ms (negative ones read 0) falls in bucket v below 16; above, in one of 8 equal
 * slices of its doubling [2^e, 2^(e+1)): bucket 8(e - 2) + floor(v / 2^(e-3)) - 8. The bucket never
 * decreases as v grows, so every value of a lower bucket is below every value of a higher one.
 */

const SLICES = 8;

/** The bucket of a wait in ms (an integer; fractions and negatives are read as the floor, 0). */
export function waitBucket(ms: number): number {
  const v = Math.max(0, Math.floor(ms));
  if (v < 2 * SLICES) return v;
  let e = Math.floor(Math.log2(v));
  // log2 rounds near powers of two: settle e so that 2^e <= v < 2^(e+1) exactly.
  while (2 ** e > v) e--;
  while (2 ** (e + 1) <= v) e++;
  return SLICES * (e - 2) + Math.floor(v / 2 ** (e - 3)) - SLICES;
}

/** The smallest wait of a bucket. */
export function bucketFloor(bucket: number): number {
  if (bucket < 2 * SLICES) return bucket;
  const e = Math.floor(bucket / SLICES) + 2;
  return (SLICES + (bucket % SLICES)) * 2 ** (e - 3);
}

/** Counts per bucket: bucket -> how many values. */
export type BucketCounts = Map<number, number>;

export function addCount(counts: BucketCounts, bucket: number, n: number): void {
  if (n !== 0) counts.set(bucket, (counts.get(bucket) ?? 0) + n);
}

/** The counts of some values' buckets. */
export function countBuckets(values: readonly number[]): BucketCounts {
  const counts: BucketCounts = new Map();
  for (const v of values) addCount(counts, waitBucket(v), 1);
  return counts;
}

export function totalOf(counts: BucketCounts): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

/**
 * The nearest rank (1-based) of percentile `p` (0-100] among `count` values: the smallest rank
 * with at least p % of the values at or below it, as percentile_disc and domain/stats.ts pick it.
 */
export function nearestRank(count: number, p: number): number {
  return Math.min(count, Math.max(1, Math.ceil((p / 100) * count)));
}

/** Where a rank falls: its bucket and its rank among that bucket's values (1-based). */
export interface RankPlace {
  bucket: number;
  within: number;
}

/** The bucket holding each of `ranks` (1-based, ascending or not) given the buckets' counts. */
export function placeRanks(counts: BucketCounts, ranks: readonly number[]): RankPlace[] {
  const buckets = [...counts.keys()].sort((a, b) => a - b);
  return ranks.map((rank) => {
    let below = 0;
    for (const bucket of buckets) {
      const n = counts.get(bucket)!;
      if (below + n >= rank) return { bucket, within: rank - below };
      below += n;
    }
    throw new RangeError(`rank ${rank} is beyond the ${below} values counted`);
  });
}

/** The value at a place, given the ascending values of its bucket. */
export function valueAt(place: RankPlace, sortedBucketValues: readonly number[]): number {
  const value = sortedBucketValues[place.within - 1];
  if (value === undefined) {
    throw new RangeError(`bucket ${place.bucket} holds ${sortedBucketValues.length} values, not ${place.within}`);
  }
  return value;
}

/** How many values lie in buckets below `bucket`. */
export function countBelow(counts: BucketCounts, bucket: number): number {
  let n = 0;
  for (const [b, count] of counts) if (b < bucket) n += count;
  return n;
}

/** How many values are at most `limit`: whole buckets below the limit's bucket, and those of its bucket up to it. */
export function countAtMost(counts: BucketCounts, limit: number, limitBucketValues: readonly number[]): number {
  if (limit < 0) return 0;
  let n = countBelow(counts, waitBucket(limit));
  for (const v of limitBucketValues) if (v <= limit) n++;
  return n;
}
