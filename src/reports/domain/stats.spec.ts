import fc from 'fast-check';
import { coefficientOfVariation, histogram, mean, median, percentile, percentiles, rate } from './stats';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    [[], 50, null],
    [[7], 50, 7],
    [[7], 99, 7],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 90, 4],
    [oneToHundred, 50, 50],
    [oneToHundred, 90, 90],
    [oneToHundred, 99, 99],
    [oneToHundred, 100, 100],
  ])('of %j at p%d is %p', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('sorts numerically, not as text', () => {
    expect(percentiles([100, 9, 20, 3])).toEqual({ count: 4, p50: 9, p90: 100, p99: 100 });
  });

  it('always answers a value that occurred, and p50 <= p90 <= p99', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 300 }), (values) => {
        const { p50, p90, p99 } = percentiles(values);
        expect(values).toContain(p50);
        expect(values).toContain(p99);
        expect(p50!).toBeLessThanOrEqual(p90!);
        expect(p90!).toBeLessThanOrEqual(p99!);
        // at least half the values are at or below the median
        expect(values.filter((v) => v <= p50!).length * 2).toBeGreaterThanOrEqual(values.length);
      }),
    );
  });
});

describe('rates and spreads', () => {
  it.each([
    [1, 3, 0.3333],
    [2, 2, 1],
    [0, 5, 0],
    [3, 0, null],
  ])('rate(%d, %d) = %p', (n, d, expected) => {
    expect(rate(n, d)).toBe(expected);
  });

  it('means and medians', () => {
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
  });

  it.each([
    [[], null],
    [[0, 0], null],
    [[4, 4, 4], 0],
    [[2, 4], 0.3333],
    [[0, 10], 1],
  ])('coefficient of variation of %j is %p', (values, expected) => {
    expect(coefficientOfVariation(values)).toBe(expected);
  });
});

describe('histogram', () => {
  it('counts each value in the first bucket whose edge it does not pass', () => {
    expect(histogram([0, 60, 61, 300, 301, 10_000], [60, 300])).toEqual([
      { upTo: 60, count: 2 },
      { upTo: 300, count: 2 },
      { upTo: null, count: 2 },
    ]);
  });
});
