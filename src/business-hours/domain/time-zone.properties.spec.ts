import fc from 'fast-check';
import { instantOfWallTime, offsetAt, wallClockAt, wallMsOf, type WallTimeRule } from './time-zone';

// Property tests of the time-zone conversions across the clock changes; the tables are in
// time-zone.spec.ts.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TIME_ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Tokyo'];
const RULES: WallTimeRule[] = [
  { gap: 'shift-by-gap', overlap: 'earlier' },
  { gap: 'shift-by-gap', overlap: 'later' },
  { gap: 'end-of-gap', overlap: 'earlier' },
  { gap: 'end-of-gap', overlap: 'later' },
];
// 2026 to 2028 on whole minutes, with half of the draws in the three hours around a clock change of
// one of the zones, where gaps and overlaps are.
const CHANGES = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2027-03-14T07:00:00Z',
  '2027-11-07T06:00:00Z',
  '2027-03-28T01:00:00Z',
  '2027-10-31T01:00:00Z',
  '2028-03-26T01:00:00Z',
  '2027-04-03T16:00:00Z',
  '2027-10-02T16:00:00Z',
  '2028-04-01T16:00:00Z',
].map(Date.parse);
const minuteArb = fc.oneof(
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / MINUTE, max: Date.parse('2028-12-31T00:00:00Z') / MINUTE }),
  fc
    .tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -36 * 60, max: 36 * 60 }))
    .map(([change, minutes]) => change / MINUTE + minutes),
);
const instantArb = minuteArb.map((m) => m * MINUTE);
const zoneArb = fc.constantFrom(...TIME_ZONES);
const ruleArb = fc.constantFrom(...RULES);

const wallMsAt = (timezone: string, t: number) => wallMsOf(wallClockAt(timezone, t));

describe('time zone properties', () => {
  it('the wall clock is the instant plus the offset', () => {
    fc.assert(
      fc.property(zoneArb, instantArb, (timezone, t) => {
        expect(wallMsAt(timezone, t)).toBe(t + offsetAt(timezone, t));
      }),
      { numRuns: 300 },
    );
  });

  it('an instant read as a wall time converts back to itself, or to its twin in an overlap', () => {
    fc.assert(
      fc.property(zoneArb, instantArb, (timezone, t) => {
        const w = wallMsAt(timezone, t);
        const earlier = instantOfWallTime(timezone, w, { gap: 'end-of-gap', overlap: 'earlier' });
        const later = instantOfWallTime(timezone, w, { gap: 'end-of-gap', overlap: 'later' });
        expect(earlier).toBeLessThanOrEqual(t);
        expect(later).toBeGreaterThanOrEqual(t);
        expect([earlier, later]).toContain(t);
        expect(wallMsAt(timezone, earlier)).toBe(w);
        expect(wallMsAt(timezone, later)).toBe(w);
        // The two occurrences of a wall time are at most a clock change apart.
        expect(later - earlier).toBeLessThanOrEqual(HOUR);
      }),
      { numRuns: 300 },
    );
  });

  it('any wall time converts to an instant that shows it, or in a gap to one past the gap', () => {
    fc.assert(
      fc.property(zoneArb, minuteArb, ruleArb, (timezone, minute, rule) => {
        const w = minute * MINUTE;
        const t = instantOfWallTime(timezone, w, rule);
        const shown = wallMsAt(timezone, t);
        if (shown === w) return;
        // Only a skipped wall time gets here: the clock jumps over it within the hour before `t`.
        const jumpedAt = instantOfWallTime(timezone, w, { gap: 'end-of-gap', overlap: rule.overlap });
        const gap = offsetAt(timezone, jumpedAt) - offsetAt(timezone, jumpedAt - 1000);
        expect(gap).toBeGreaterThan(0);
        expect(wallMsAt(timezone, jumpedAt - 1000)).toBeLessThan(w);
        expect(wallMsAt(timezone, jumpedAt)).toBeGreaterThan(w);
        if (rule.gap === 'end-of-gap') expect(t).toBe(jumpedAt);
        else expect(shown).toBe(w + gap);
      }),
      { numRuns: 400 },
    );
  });

  it('with end-of-gap, later wall times never convert to earlier instants', () => {
    fc.assert(
      fc.property(
        zoneArb,
        minuteArb,
        fc.integer({ min: 0, max: 6 * 60 }),
        fc.constantFrom<WallTimeRule['overlap']>('earlier', 'later'),
        (timezone, minute, step, overlap) => {
          const rule: WallTimeRule = { gap: 'end-of-gap', overlap };
          const a = instantOfWallTime(timezone, minute * MINUTE, rule);
          const b = instantOfWallTime(timezone, (minute + step) * MINUTE, rule);
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('Tokyo has one instant for every wall time, whatever the rule', () => {
    fc.assert(
      fc.property(minuteArb, ruleArb, (minute, rule) => {
        expect(instantOfWallTime('Asia/Tokyo', minute * MINUTE, rule)).toBe(minute * MINUTE - 9 * HOUR);
      }),
    );
  });
});
