import { change, splitPeriods, summarizePeriod } from './periods';

const at = (iso: string) => new Date(iso);

describe('two periods split by a date', () => {
  const from = at('2027-01-01T00:00:00Z');
  const to = at('2027-03-01T00:00:00Z');

  it('splits at the date', () => {
    expect(splitPeriods(from, to, at('2027-02-01T00:00:00Z'))).toEqual([
      { name: 'before', from, to: at('2027-02-01T00:00:00Z') },
      { name: 'after', from: at('2027-02-01T00:00:00Z'), to },
    ]);
  });

  it('keeps one period without a date', () => {
    expect(splitPeriods(from, to)).toEqual([{ name: 'all', from, to }]);
  });

  it.each([['2027-01-01T00:00:00Z'], ['2027-03-01T00:00:00Z'], ['2026-12-01T00:00:00Z']])(
    'refuses a split date %s not inside the range',
    (before) => {
      expect(splitPeriods(from, to, at(before))).toBeNull();
    },
  );
});

describe('period summary', () => {
  it('counts customers per active seller and the mean cycle', () => {
    expect(
      summarizePeriod([
        { customersServed: 4, won: 1, cycleDays: [10] },
        { customersServed: 2, won: 2, cycleDays: [20, 30] },
        { customersServed: 0, won: 0, cycleDays: [] },
      ]),
    ).toEqual({ sellers: 2, customersServed: 6, customersPerSeller: 3, won: 3, averageCycleDays: 20 });
  });

  it('has no ratios without sellers', () => {
    expect(summarizePeriod([])).toEqual({
      sellers: 0,
      customersServed: 0,
      customersPerSeller: null,
      won: 0,
      averageCycleDays: null,
    });
  });

  it.each([
    [2, 3, 1.5],
    [null, 3, null],
    [0, 3, null],
    [4, 1, 0.25],
  ])('change from %p to %p is %p', (before, after, expected) => {
    expect(change(before, after)).toBe(expected);
  });
});
