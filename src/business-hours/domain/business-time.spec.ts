import {
  addBusinessTime,
  ALWAYS_OPEN,
  BusinessCalendar,
  businessTimeBetween,
  calendarProblems,
  formatForCaller,
  formatInBusinessTime,
  isOpen,
  NeverOpenError,
  nextClosing,
  nextOpening,
  normalizeCalendar,
  subtractBusinessTime,
  Weekday,
} from './business-time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const NINE_TO_SIX: Array<[string, string]> = [['09:00', '18:00']];
function weekdays(timezone: string, ranges = NINE_TO_SIX, holidays: string[] = []): BusinessCalendar {
  return normalizeCalendar({
    timezone,
    weekly: { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges },
    holidays,
  });
}
function only(timezone: string, day: Weekday, ranges: Array<[string, string]>): BusinessCalendar {
  return normalizeCalendar({ timezone, weekly: { [day]: ranges } });
}

const berlin = weekdays('Europe/Berlin');
const newYork = weekdays('America/New_York');
const tokyo = weekdays('Asia/Tokyo', [
  ['09:00', '12:00'],
  ['13:00', '18:00'],
]);
const withNewYear = weekdays('Europe/Berlin', NINE_TO_SIX, ['2027-01-01']);

const at = (iso: string) => new Date(iso);

describe('addBusinessTime', () => {
  it.each([
    // The example: Friday 17:55 + 4 h in a 09:00-18:00 week is Monday 12:55 (Berlin is UTC+1 in December).
    ['Friday 17:55 + 4 h -> Monday 12:55', berlin, '2026-12-04T16:55:00Z', 4 * HOUR, '2026-12-07T11:55:00Z'],
    ['inside the day', berlin, '2026-12-02T09:00:00Z', 2 * HOUR, '2026-12-02T11:00:00Z'],
    ['before opening counts from 09:00', berlin, '2026-12-02T05:00:00Z', 30 * MINUTE, '2026-12-02T08:30:00Z'],
    ['a budget ending at closing is due at closing', berlin, '2026-12-02T16:00:00Z', HOUR, '2026-12-02T17:00:00Z'],
    ['zero from a closed Saturday is the next opening', berlin, '2026-12-05T12:00:00Z', 0, '2026-12-07T08:00:00Z'],
    [
      'a full 9-hour day moves to the same time next day',
      berlin,
      '2026-12-02T10:00:00Z',
      9 * HOUR,
      '2026-12-03T10:00:00Z',
    ],
    ['a week of hours', berlin, '2026-12-07T08:00:00Z', 45 * HOUR, '2026-12-11T17:00:00Z'],
    ['the holiday is skipped', withNewYear, '2026-12-31T16:00:00Z', 2 * HOUR, '2027-01-04T09:00:00Z'],
    ['the lunch break does not count (Tokyo)', tokyo, '2026-12-02T02:00:00Z', 2 * HOUR, '2026-12-02T05:00:00Z'],
    // New York, spring forward on Sunday 2027-03-14: Friday is EST (UTC-5), Monday EDT (UTC-4).
    ['across spring forward (New York)', newYork, '2027-03-12T22:00:00Z', 2 * HOUR, '2027-03-15T14:00:00Z'],
    // New York, fall back on Sunday 2026-11-01: Friday EDT, Monday EST.
    ['across fall back (New York)', newYork, '2026-10-30T21:00:00Z', 2 * HOUR, '2026-11-02T15:00:00Z'],
    // Berlin, spring forward on Sunday 2027-03-28: Friday CET (UTC+1), Monday CEST (UTC+2).
    ['across spring forward (Berlin)', berlin, '2027-03-26T16:00:00Z', 2 * HOUR, '2027-03-29T08:00:00Z'],
    // Berlin, fall back on Sunday 2026-10-25: Friday CEST, Monday CET.
    ['across fall back (Berlin)', berlin, '2026-10-23T15:00:00Z', 2 * HOUR, '2026-10-26T09:00:00Z'],
    ['always open is plain addition', ALWAYS_OPEN, '2026-12-05T12:00:00Z', 30 * HOUR, '2026-12-06T18:00:00Z'],
  ])('%s', (_name, cal, from, ms, due) => {
    expect(addBusinessTime(cal, at(from), ms).toISOString()).toBe(new Date(due).toISOString());
  });

  it('refuses a negative budget', () => {
    expect(() => addBusinessTime(berlin, at('2026-12-02T09:00:00Z'), -1)).toThrow(RangeError);
  });

  it('refuses a calendar that never opens instead of looping', () => {
    const never = normalizeCalendar({ timezone: 'UTC', weekly: {} });
    expect(() => addBusinessTime(never, at('2026-12-02T09:00:00Z'), HOUR)).toThrow(NeverOpenError);
    expect(() => nextOpening(never, at('2026-12-02T09:00:00Z'))).toThrow(NeverOpenError);
  });
});

describe('subtractBusinessTime', () => {
  it.each([
    ['Monday 12:55 - 4 h -> Friday 17:55', berlin, '2026-12-07T11:55:00Z', 4 * HOUR, '2026-12-04T16:55:00Z'],
    [
      '30 s at Monday 09:00:30 reaches back to the opening',
      berlin,
      '2026-12-07T08:00:30Z',
      30_000,
      '2026-12-07T08:00:00Z',
    ],
    ['from a closed Sunday', berlin, '2026-12-06T12:00:00Z', HOUR, '2026-12-04T16:00:00Z'],
    ['across spring forward (New York)', newYork, '2027-03-15T14:00:00Z', 2 * HOUR, '2027-03-12T22:00:00Z'],
    ['zero is the instant itself', berlin, '2026-12-06T12:00:00Z', 0, '2026-12-06T12:00:00Z'],
    ['always open is plain subtraction', ALWAYS_OPEN, '2026-12-06T12:00:00Z', HOUR, '2026-12-06T11:00:00Z'],
  ])('%s', (_name, cal, to, ms, start) => {
    expect(subtractBusinessTime(cal, at(to), ms).toISOString()).toBe(new Date(start).toISOString());
  });
});

describe('businessTimeBetween across the clock changes', () => {
  it.each([
    // A Sunday open 00:00-06:00 loses an hour in spring and gains one in autumn.
    [
      'New York spring day',
      only('America/New_York', 'sun', [['00:00', '06:00']]),
      '2027-03-14T00:00:00Z',
      '2027-03-15T00:00:00Z',
      5 * HOUR,
    ],
    [
      'New York autumn day',
      only('America/New_York', 'sun', [['00:00', '06:00']]),
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
      7 * HOUR,
    ],
    [
      'Berlin spring day',
      only('Europe/Berlin', 'sun', [['00:00', '06:00']]),
      '2027-03-27T12:00:00Z',
      '2027-03-28T12:00:00Z',
      5 * HOUR,
    ],
    [
      'Berlin autumn day',
      only('Europe/Berlin', 'sun', [['00:00', '06:00']]),
      '2026-10-24T12:00:00Z',
      '2026-10-25T12:00:00Z',
      7 * HOUR,
    ],
    // 02:30 does not exist in Berlin on 2027-03-28: the range starts at 03:30 CEST.
    [
      'a start in the spring gap moves forward',
      only('Europe/Berlin', 'sun', [['02:30', '04:00']]),
      '2027-03-27T12:00:00Z',
      '2027-03-28T12:00:00Z',
      30 * MINUTE,
    ],
    // 02:30 happens twice in Berlin on 2026-10-25: the range starts at the first (CEST).
    [
      'a start in the autumn overlap takes the earlier instant',
      only('Europe/Berlin', 'sun', [['02:30', '03:30']]),
      '2026-10-24T12:00:00Z',
      '2026-10-25T12:00:00Z',
      2 * HOUR,
    ],
    [
      'a 09:00-18:00 day is 9 hours on the spring day',
      only('Europe/Berlin', 'sun', NINE_TO_SIX),
      '2027-03-27T12:00:00Z',
      '2027-03-28T23:00:00Z',
      9 * HOUR,
    ],
    ['a week in Berlin', berlin, '2026-12-07T00:00:00Z', '2026-12-14T00:00:00Z', 45 * HOUR],
    ['a week with a holiday', withNewYear, '2026-12-28T00:00:00Z', '2027-01-04T00:00:00Z', 36 * HOUR],
    ['a weekend', berlin, '2026-12-04T17:00:00Z', '2026-12-07T08:00:00Z', 0],
    [
      'midnight to midnight ranges join',
      only('UTC', 'mon', [['00:00', '24:00']]),
      '2026-12-06T23:00:00Z',
      '2026-12-08T01:00:00Z',
      24 * HOUR,
    ],
  ])('%s', (_name, cal, from, to, expected) => {
    expect(businessTimeBetween(cal, at(from), at(to))).toBe(expected);
  });

  it('is negative when the end is before the start', () => {
    expect(businessTimeBetween(berlin, at('2026-12-02T12:00:00Z'), at('2026-12-02T10:00:00Z'))).toBe(-2 * HOUR);
  });
});

describe('isOpen, nextOpening and nextClosing', () => {
  it.each([
    ['09:00 opens', '2026-12-02T08:00:00Z', true],
    ['17:59 is open', '2026-12-02T16:59:00Z', true],
    ['18:00 is closed', '2026-12-02T17:00:00Z', false],
    ['08:59 is closed', '2026-12-02T07:59:00Z', false],
    ['Saturday is closed', '2026-12-05T10:00:00Z', false],
  ])('%s', (_name, when, open) => {
    expect(isOpen(berlin, at(when))).toBe(open);
  });

  it('is closed on a holiday and in the lunch break', () => {
    expect(isOpen(withNewYear, at('2027-01-01T10:00:00Z'))).toBe(false);
    expect(isOpen(tokyo, at('2026-12-02T03:30:00Z'))).toBe(false); // 12:30 in Tokyo
    expect(isOpen(tokyo, at('2026-12-02T04:00:00Z'))).toBe(true); // 13:00 in Tokyo
  });

  it.each([
    ['open: itself', berlin, '2026-12-02T10:00:00Z', '2026-12-02T10:00:00Z'],
    ['Friday evening: Monday 09:00', berlin, '2026-12-04T18:00:00Z', '2026-12-07T08:00:00Z'],
    ['New Year: the next working day', withNewYear, '2026-12-31T17:30:00Z', '2027-01-04T08:00:00Z'],
    ['lunch: 13:00 Tokyo', tokyo, '2026-12-02T03:10:00Z', '2026-12-02T04:00:00Z'],
    ['always open: itself', ALWAYS_OPEN, '2026-12-05T03:00:00Z', '2026-12-05T03:00:00Z'],
  ])('nextOpening %s', (_name, cal, when, expected) => {
    expect(nextOpening(cal, at(when)).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('nextClosing is the end of the open stretch, null when it never closes', () => {
    expect(nextClosing(berlin, at('2026-12-02T10:00:00Z'))?.toISOString()).toBe('2026-12-02T17:00:00.000Z');
    expect(nextClosing(berlin, at('2026-12-05T10:00:00Z'))?.toISOString()).toBe('2026-12-07T17:00:00.000Z');
    expect(nextClosing(ALWAYS_OPEN, at('2026-12-05T10:00:00Z'))).toBeNull();
    const split = normalizeCalendar({
      timezone: 'UTC',
      weekly: {
        mon: [
          ['00:00', '12:00'],
          ['12:00', '24:00'],
        ],
        tue: [['00:00', '06:00']],
      },
    });
    expect(nextClosing(split, at('2026-12-07T03:00:00Z'))?.toISOString()).toBe('2026-12-08T06:00:00.000Z');
  });
});

describe('calendarProblems', () => {
  const good = { timezone: 'Asia/Tokyo', weekly: { mon: [['09:00', '18:00']] }, holidays: ['2027-01-01'] };

  it('accepts a good calendar, missing days closed', () => {
    expect(calendarProblems(good)).toEqual([]);
    expect(normalizeCalendar(good as never).weekly.sun).toEqual([]);
  });

  it.each([
    ['an unknown time zone', { ...good, timezone: 'Mars/Olympus' }, 'timezone'],
    ['a missing time zone', { weekly: good.weekly }, 'timezone'],
    ['9:00 without a leading zero', { ...good, weekly: { mon: [['9:00', '18:00']] } }, 'weekly.mon[0]'],
    ['25:00', { ...good, weekly: { tue: [['09:00', '25:00']] } }, 'weekly.tue[0]'],
    ['24:00 as a start', { ...good, weekly: { tue: [['24:00', '24:00']] } }, 'weekly.tue[0]'],
    ['an overnight range', { ...good, weekly: { fri: [['22:00', '06:00']] } }, 'weekly.fri[0]'],
    ['an empty range', { ...good, weekly: { fri: [['10:00', '10:00']] } }, 'weekly.fri[0]'],
    ['not a pair', { ...good, weekly: { fri: [['10:00']] } }, 'weekly.fri[0]'],
    [
      'overlapping ranges',
      {
        ...good,
        weekly: {
          wed: [
            ['13:00', '18:00'],
            ['09:00', '13:30'],
          ],
        },
      },
      'weekly.wed[0]',
    ],
    ['an unknown day', { ...good, weekly: { mon: [['09:00', '18:00']], funday: [] } }, 'weekly.funday'],
    ['a week with no open hour', { ...good, weekly: { mon: [] } }, 'weekly'],
    ['weekly missing', { timezone: 'UTC' }, 'weekly'],
    ['a February 30th', { ...good, holidays: ['2027-02-30'] }, 'holidays[0]'],
    ['a date in another format', { ...good, holidays: ['2027-01-01', '01/02/2027'] }, 'holidays[1]'],
    ['holidays not a list', { ...good, holidays: '2027-01-01' }, 'holidays'],
  ])('names the field for %s', (_name, input, field) => {
    expect(calendarProblems(input).map((p) => p.field)).toContain(field);
  });

  it('answers for a body that is not an object', () => {
    expect(calendarProblems(null)).toEqual([{ field: 'body', message: expect.any(String) as string }]);
  });
});

describe('formatInBusinessTime', () => {
  const monday9 = at('2026-12-07T08:00:00Z');
  it.each([
    ['en', /Monday, December 7, 2026.*9:00.*\(Europe\/Berlin\)/],
    ['ja', /2026年12月7日月曜日 9:00 \(Europe\/Berlin\)/],
    ['zh', /2026年12月7日星期一 09:00 \(Europe\/Berlin\)/],
  ])('writes the next opening in %s in the business time zone', (locale, pattern) => {
    expect(formatInBusinessTime(berlin, monday9, locale)).toMatch(pattern);
  });
});

describe('formatForCaller', () => {
  it.each([
    ['ja', '12月7日月曜日 9:00'],
    ['zh', '12月7日星期一 9:00'],
    ['en', 'Monday, December 7 at 9:00 AM'],
  ])('says the next opening in %s without the zone name', (language, text) => {
    const calendar = weekdays('Asia/Tokyo');
    expect(formatForCaller(calendar, at('2026-12-07T00:00:00Z'), language)).toBe(text);
  });
});
