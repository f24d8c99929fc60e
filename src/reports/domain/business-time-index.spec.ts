import fc from 'fast-check';
import { ALWAYS_OPEN, type BusinessCalendar, businessTimeBetween } from '../../business-hours/domain/business-time';
import { BusinessTimeIndex } from './business-time-index';

const NINE_TO_SIX: Array<[string, string]> = [['09:00', '18:00']];
const tokyo: BusinessCalendar = {
  timezone: 'Asia/Tokyo',
  weekly: {
    mon: NINE_TO_SIX,
    tue: NINE_TO_SIX,
    wed: NINE_TO_SIX,
    thu: NINE_TO_SIX,
    fri: NINE_TO_SIX,
    sat: [],
    sun: [],
  },
  holidays: ['2027-01-01'],
};
const newYork: BusinessCalendar = {
  timezone: 'America/New_York',
  weekly: {
    mon: [
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ],
    tue: NINE_TO_SIX,
    wed: NINE_TO_SIX,
    thu: NINE_TO_SIX,
    fri: NINE_TO_SIX,
    sat: [['10:00', '14:00']],
    sun: [],
  },
  holidays: ['2027-03-15'],
};

describe('BusinessTimeIndex answers what the calendar answers', () => {
  const spanStart = new Date('2027-02-20T00:00:00Z');
  const spanEnd = new Date('2027-04-10T00:00:00Z');
  const instant = fc
    .integer({ min: spanStart.getTime() - 5 * 86_400_000, max: spanEnd.getTime() + 5 * 86_400_000 })
    .map((ms) => new Date(ms));

  it.each([
    ['Tokyo', tokyo],
    ['New York across the March clock change', newYork],
    ['always open', ALWAYS_OPEN],
  ])('%s', (_name, calendar) => {
    const index = new BusinessTimeIndex(calendar, spanStart, spanEnd);
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        // + 0 reads -0 (a closed, backwards wait) as 0
        expect(index.between(a, b) + 0).toBe(businessTimeBetween(calendar, a, b) + 0);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['Tokyo', tokyo],
    ['New York across the March clock change', newYork],
  ])('%s: its stretches give the same answers by F(b) - F(a), as a query computes them', (_name, calendar) => {
    const index = new BusinessTimeIndex(calendar, spanStart, spanEnd);
    const s = index.stretches()!;
    expect(s.spanStart).toBe(spanStart.getTime());
    expect(s.spanEnd).toBe(spanEnd.getTime());
    // width_bucket(t, starts): how many starts are at or before t (1-based index of the last one).
    const bucket = (t: number) => s.starts.filter((start) => start <= t).length;
    const openBefore = (t: number) => {
      const k = bucket(t);
      return k === 0 ? 0 : s.before[k - 1] + Math.min(t, s.ends[k - 1]) - s.starts[k - 1];
    };
    const inSpan = fc.integer({ min: spanStart.getTime(), max: spanEnd.getTime() });
    fc.assert(
      fc.property(inSpan, inSpan, (a, b) => {
        expect(openBefore(b) - openBefore(a) + 0).toBe(businessTimeBetween(calendar, new Date(a), new Date(b)) + 0);
      }),
      { numRuns: 300 },
    );
  });

  it('has no stretches when always open: business time is wall time', () => {
    expect(new BusinessTimeIndex(ALWAYS_OPEN, spanStart, spanEnd).stretches()).toBeNull();
  });

  it('counts a Friday-evening wait into Monday as the open minutes only', () => {
    const index = new BusinessTimeIndex(tokyo, new Date('2027-01-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'));
    // Friday 2027-01-08 17:55 JST -> Monday 2027-01-11 09:10 JST: 5 + 10 minutes.
    expect(index.between(new Date('2027-01-08T08:55:00Z'), new Date('2027-01-11T00:10:00Z'))).toBe(15 * 60_000);
  });
});
