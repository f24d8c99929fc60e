import { instantOfWallTime, isTimeZone, offsetAt, wallClockAt, wallMsOf, type WallTimeRule } from './time-zone';

const HOUR = 60 * 60 * 1000;
const COMPATIBLE: WallTimeRule = { gap: 'shift-by-gap', overlap: 'earlier' };
const END_OF_GAP: WallTimeRule = { gap: 'end-of-gap', overlap: 'earlier' };
const LATER: WallTimeRule = { gap: 'end-of-gap', overlap: 'later' };

/** `"2027-03-14 02:30"` read as UTC: a wall time as wallMs, or the instant it names. */
const utc = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00Z`);
const iso = (epochMs: number) => new Date(epochMs).toISOString();

describe('isTimeZone', () => {
  it.each([
    ['Asia/Tokyo', true],
    ['America/New_York', true],
    ['Europe/Berlin', true],
    ['Australia/Sydney', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
    ['   ', false],
    [' Asia/Tokyo', false],
    ['Asia/Tokyo'.repeat(7), false],
    [42, false],
    [null, false],
    [undefined, false],
  ])('isTimeZone(%j) -> %s', (value, expected) => {
    expect(isTimeZone(value)).toBe(expected);
  });
});

describe('wallClockAt and offsetAt', () => {
  it.each([
    // New York: EST (-5) in winter, EDT (-4) from 2027-03-14 07:00Z to 2027-11-07 06:00Z.
    ['America/New_York', '2027-03-14T06:59:59Z', [2027, 3, 14, 1, 59, 59], -5],
    ['America/New_York', '2027-03-14T07:00:00Z', [2027, 3, 14, 3, 0, 0], -4],
    ['America/New_York', '2027-11-07T05:30:00Z', [2027, 11, 7, 1, 30, 0], -4],
    ['America/New_York', '2027-11-07T06:30:00Z', [2027, 11, 7, 1, 30, 0], -5],
    // Berlin: CET (+1), CEST (+2) from 2027-03-28 01:00Z to 2027-10-31 01:00Z.
    ['Europe/Berlin', '2027-03-28T00:59:00Z', [2027, 3, 28, 1, 59, 0], 1],
    ['Europe/Berlin', '2027-03-28T01:00:00Z', [2027, 3, 28, 3, 0, 0], 2],
    ['Europe/Berlin', '2027-10-31T00:30:00Z', [2027, 10, 31, 2, 30, 0], 2],
    ['Europe/Berlin', '2027-10-31T01:30:00Z', [2027, 10, 31, 2, 30, 0], 1],
    // Sydney: AEDT (+11) until 2027-04-03 16:00Z, AEST (+10) until 2027-10-02 16:00Z.
    ['Australia/Sydney', '2027-04-03T15:30:00Z', [2027, 4, 4, 2, 30, 0], 11],
    ['Australia/Sydney', '2027-04-03T16:30:00Z', [2027, 4, 4, 2, 30, 0], 10],
    ['Australia/Sydney', '2027-10-02T16:00:00Z', [2027, 10, 3, 3, 0, 0], 11],
    // Tokyo: +9 all year; the date changes at 15:00Z.
    ['Asia/Tokyo', '2027-12-31T15:00:00Z', [2028, 1, 1, 0, 0, 0], 9],
    ['Asia/Tokyo', '2027-07-01T14:59:59.999Z', [2027, 7, 1, 23, 59, 59], 9],
  ])('%s at %s shows %j (UTC%+d)', (timezone, instant, [year, month, day, hour, minute, second], offsetHours) => {
    const t = Date.parse(instant);
    expect(wallClockAt(timezone, t)).toEqual({ year, month, day, hour, minute, second });
    expect(wallClockAt(timezone, new Date(t))).toEqual(wallClockAt(timezone, t));
    expect(offsetAt(timezone, t)).toBe(offsetHours * HOUR);
  });

  it('wallMsOf reads a wall clock as if it were UTC', () => {
    expect(iso(wallMsOf({ year: 2027, month: 3, day: 14, hour: 2, minute: 30, second: 15 }))).toBe(
      '2027-03-14T02:30:15.000Z',
    );
  });
});

describe('instantOfWallTime', () => {
  // Rows: zone, wall time, then the instant (UTC) for each rule.
  it.each([
    // Ordinary wall times: one instant, whatever the rule.
    ['America/New_York', '2027-01-15 09:00', '2027-01-15 14:00', '2027-01-15 14:00', '2027-01-15 14:00'],
    ['America/New_York', '2027-07-15 09:00', '2027-07-15 13:00', '2027-07-15 13:00', '2027-07-15 13:00'],
    ['Europe/Berlin', '2027-03-28 03:00', '2027-03-28 01:00', '2027-03-28 01:00', '2027-03-28 01:00'],
    ['Australia/Sydney', '2027-04-04 03:00', '2027-04-03 17:00', '2027-04-03 17:00', '2027-04-03 17:00'],
    ['Asia/Tokyo', '2027-03-14 02:30', '2027-03-13 17:30', '2027-03-13 17:30', '2027-03-13 17:30'],
    // Spring gaps (02:00-03:00 skipped): compatible shifts by the gap, end-of-gap is the jump.
    ['America/New_York', '2027-03-14 02:30', '2027-03-14 07:30', '2027-03-14 07:00', '2027-03-14 07:00'],
    ['America/New_York', '2027-03-14 02:00', '2027-03-14 07:00', '2027-03-14 07:00', '2027-03-14 07:00'],
    ['Europe/Berlin', '2027-03-28 02:30', '2027-03-28 01:30', '2027-03-28 01:00', '2027-03-28 01:00'],
    ['Europe/Berlin', '2027-03-28 02:59', '2027-03-28 01:59', '2027-03-28 01:00', '2027-03-28 01:00'],
    ['Australia/Sydney', '2027-10-03 02:30', '2027-10-02 16:30', '2027-10-02 16:00', '2027-10-02 16:00'],
    // Autumn overlaps (01:00-02:00 in New York, 02:00-03:00 elsewhere, shown twice).
    ['America/New_York', '2027-11-07 01:30', '2027-11-07 05:30', '2027-11-07 05:30', '2027-11-07 06:30'],
    ['Europe/Berlin', '2027-10-31 02:30', '2027-10-31 00:30', '2027-10-31 00:30', '2027-10-31 01:30'],
    ['Australia/Sydney', '2027-04-04 02:30', '2027-04-03 15:30', '2027-04-03 15:30', '2027-04-03 16:30'],
    ['Australia/Sydney', '2027-04-04 02:00', '2027-04-03 15:00', '2027-04-03 15:00', '2027-04-03 16:00'],
  ])('%s %s -> compatible %s, end of gap %s, later %s', (timezone, wallTime, compatible, endOfGap, later) => {
    const w = utc(wallTime);
    expect(iso(instantOfWallTime(timezone, w, COMPATIBLE))).toBe(iso(utc(compatible)));
    expect(iso(instantOfWallTime(timezone, w, END_OF_GAP))).toBe(iso(utc(endOfGap)));
    expect(iso(instantOfWallTime(timezone, w, LATER))).toBe(iso(utc(later)));
  });
});
