import { percentile } from './stats';
import {
  bucketFloor,
  countAtMost,
  countBuckets,
  nearestRank,
  placeRanks,
  totalOf,
  valueAt,
  waitBucket,
} from './wait-buckets';

/** A reproducible pseudo-random sequence (mulberry32), so a failure names its seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('waitBucket', () => {
  it.each([
    [-5, 0],
    [0, 0],
    [7, 7],
    [15, 15],
    [16, 16],
    [17, 16],
    [18, 17],
    [31, 23],
    [32, 24],
    [1000, 8 * 7 + Math.floor(1000 / 2 ** 6) - 8],
    [60_000, 8 * 13 + Math.floor(60_000 / 2 ** 12) - 8],
    [2 ** 40, 8 * 38],
    [2 ** 40 - 1, 8 * 37 + 7],
  ])('%d ms falls in bucket %d', (ms, bucket) => {
    expect(waitBucket(ms)).toBe(bucket);
  });

  it('never decreases, and every bucket starts at its floor', () => {
    const next = random(1);
    let last = -1;
    let lastValue = -1;
    const values = Array.from({ length: 5000 }, () => Math.floor(next() ** 4 * 4e9)).sort((a, b) => a - b);
    for (const v of values) {
      const b = waitBucket(v);
      expect(b).toBeGreaterThanOrEqual(last);
      if (b !== last && lastValue >= 0) expect(waitBucket(lastValue)).toBeLessThan(b);
      expect(bucketFloor(b)).toBeLessThanOrEqual(v);
      expect(waitBucket(bucketFloor(b))).toBe(b);
      expect(waitBucket(bucketFloor(b + 1))).toBe(b + 1);
      expect(bucketFloor(b + 1)).toBeGreaterThan(v);
      last = b;
      lastValue = v;
    }
  });

  it('keeps the values of a bucket within an eighth of a doubling', () => {
    for (let b = 16; b < 300; b++) expect(bucketFloor(b + 1) / bucketFloor(b)).toBeLessThanOrEqual(1 + 1 / 8);
  });
});

describe('percentiles from bucket counts and the values of the buckets holding the ranks', () => {
  /** The percentile picked through the buckets, as the reports pick it. */
  const byBuckets = (values: number[], p: number): number | null => {
    if (values.length === 0) return null;
    const counts = countBuckets(values);
    const [place] = placeRanks(counts, [nearestRank(totalOf(counts), p)]);
    const inBucket = values.filter((v) => waitBucket(v) === place.bucket).sort((a, b) => a - b);
    return valueAt(place, inBucket);
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('equals a plain sort over random waits with ties (seed %d)', (seed) => {
    const next = random(seed);
    const size = Math.floor(next() * 400);
    // Few distinct values for some seeds (ties), wide spreads for others.
    const spread = seed % 2 === 0 ? 20 : 3e8;
    const values = Array.from({ length: size }, () => Math.floor(next() ** 3 * spread));
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [1, 50, 90, 99, 100]) expect(byBuckets(values, p)).toBe(percentile(sorted, p));
  });

  it('answers nothing for no values, and the value itself for one', () => {
    expect(byBuckets([], 50)).toBeNull();
    expect(byBuckets([1234], 99)).toBe(1234);
  });

  it('counts the values at most a limit exactly, at and around the limit', () => {
    const next = random(9);
    const values = Array.from({ length: 3000 }, () => Math.floor(next() * 400_000));
    const counts = countBuckets(values);
    for (const limit of [0, 1, 119_999, 120_000, 120_001, 399_999, 1e9, values[17]]) {
      const inBucket = values.filter((v) => waitBucket(v) === waitBucket(limit));
      expect(countAtMost(counts, limit, inBucket)).toBe(values.filter((v) => v <= limit).length);
    }
    expect(countAtMost(counts, -1, [])).toBe(0);
  });

  it('refuses a rank beyond the values counted', () => {
    expect(() => placeRanks(countBuckets([1, 2]), [3])).toThrow(RangeError);
  });
});
