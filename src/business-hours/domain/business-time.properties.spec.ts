import fc from 'fast-check';
import {
  addBusinessTime,
  BusinessCalendar,
  businessTimeBetween,
  isOpen,
  nextOpening,
  normalizeCalendar,
  subtractBusinessTime,
  WEEKDAYS,
} from './business-time';

// Property tests of the business-time arithmetic; the scenario tables are in business-time.spec.ts.

const HOUR = 60 * 60 * 1000;
const TIME_ZONES = ['UTC', 'Asia/Tokyo', 'Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe'];
// Ranges on the hour and half hour, some of them around the 02:00-03:00 of the clock changes.
const RANGE_SETS: Array<Array<[string, string]>> = [
  [],
  [['09:00', '18:00']],
  [
    ['09:00', '12:00'],
    ['13:00', '17:30'],
  ],
  [['00:00', '24:00']],
  [
    ['01:30', '03:30'],
    ['20:00', '24:00'],
  ],
  [['00:00', '06:00']],
];
// 2026-01-01 to 2028-12-31, which holds several clock changes of every zone above.
const instantArb = fc
  .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') })
  .map((t) => new Date(t - (t % 60_000)));

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timezone: fc.constantFrom(...TIME_ZONES),
    days: fc.array(fc.nat(RANGE_SETS.length - 1), { minLength: 7, maxLength: 7 }),
    holidays: fc.array(
      fc
        .integer({ min: Date.parse('2026-01-01'), max: Date.parse('2028-12-31') })
        .map((t) => new Date(t).toISOString().slice(0, 10)),
      { maxLength: 20 },
    ),
  })
  .filter(({ days }) => days.some((d) => RANGE_SETS[d].length > 0))
  .map(({ timezone, days, holidays }) =>
    normalizeCalendar({
      timezone,
      weekly: Object.fromEntries(WEEKDAYS.map((day, i) => [day, RANGE_SETS[days[i]]])),
      holidays,
    }),
  );
const budgetArb = fc.integer({ min: 0, max: 120 * HOUR });

describe('business time properties', () => {
  it('businessTimeBetween(from, addBusinessTime(from, ms)) is ms', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, budgetArb, (cal, from, ms) => {
        expect(businessTimeBetween(cal, from, addBusinessTime(cal, from, ms))).toBe(ms);
      }),
      { numRuns: 200 },
    );
  });

  it('subtractBusinessTime leaves exactly ms of open time up to the instant', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, budgetArb, (cal, to, ms) => {
        const start = subtractBusinessTime(cal, to, ms);
        expect(start.getTime()).toBeLessThanOrEqual(to.getTime());
        expect(businessTimeBetween(cal, start, to)).toBe(ms);
      }),
      { numRuns: 200 },
    );
  });

  it('addBusinessTime is monotonic in the budget and in the start', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, budgetArb, budgetArb, fc.nat(72 * HOUR), (cal, from, a, b, shift) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(addBusinessTime(cal, from, small).getTime()).toBeLessThanOrEqual(
          addBusinessTime(cal, from, large).getTime(),
        );
        const later = new Date(from.getTime() + shift);
        expect(addBusinessTime(cal, from, small).getTime()).toBeLessThanOrEqual(
          addBusinessTime(cal, later, small).getTime(),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('business time is additive and never more than wall-clock time', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.nat(96 * HOUR), fc.nat(96 * HOUR), (cal, a, d1, d2) => {
        const b = new Date(a.getTime() + d1);
        const c = new Date(b.getTime() + d2);
        const ab = businessTimeBetween(cal, a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(d1);
        expect(ab + businessTimeBetween(cal, b, c)).toBe(businessTimeBetween(cal, a, c));
      }),
      { numRuns: 150 },
    );
  });

  it('the next opening is open, and nothing before it is', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, from) => {
        const opening = nextOpening(cal, from);
        expect(opening.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(isOpen(cal, opening)).toBe(true);
        expect(businessTimeBetween(cal, from, opening)).toBe(0);
        expect(isOpen(cal, from)).toBe(opening.getTime() === from.getTime());
      }),
      { numRuns: 200 },
    );
  });
});
