import fc from 'fast-check';
import {
  instantOf,
  isCallingWindow,
  isTimeZone,
  isWithinCallingHours,
  localTime,
  nextCallingTime,
  nextDiallingTime,
} from './calling-hours';

const at = (iso: string) => new Date(iso);

describe('isWithinCallingHours', () => {
  it.each([
    // Tokyo is UTC+9 all year.
    ['2027-01-15T00:00:00Z', 'Asia/Tokyo', '09:00', '18:00', true],
    ['2027-01-14T23:59:00Z', 'Asia/Tokyo', '09:00', '18:00', false],
    ['2027-01-15T08:59:00Z', 'Asia/Tokyo', '09:00', '18:00', true],
    ['2027-01-15T09:00:00Z', 'Asia/Tokyo', '09:00', '18:00', false],
    // New York: EST (UTC-5) in January, EDT (UTC-4) in July.
    ['2027-01-15T14:00:00Z', 'America/New_York', '09:00', '17:00', true],
    ['2027-01-15T13:30:00Z', 'America/New_York', '09:00', '17:00', false],
    ['2027-07-15T13:30:00Z', 'America/New_York', '09:00', '17:00', true],
    ['2027-07-15T21:00:00Z', 'America/New_York', '09:00', '17:00', false],
    // Shanghai UTC+8, Berlin CET/CEST.
    ['2027-03-01T01:00:00Z', 'Asia/Shanghai', '09:00', '12:00', true],
    ['2027-03-29T07:30:00Z', 'Europe/Berlin', '09:00', '10:00', true],
    ['2027-03-26T07:30:00Z', 'Europe/Berlin', '09:00', '10:00', false],
  ])('%s in %s [%s, %s) -> %s', (iso, timezone, from, to, expected) => {
    expect(isWithinCallingHours(at(iso), { timezone, from, to })).toBe(expected);
  });
});

describe('nextCallingTime', () => {
  it.each([
    // Inside the window: now.
    ['2027-01-15T01:00:00Z', 'Asia/Tokyo', '09:00', '18:00', '2027-01-15T01:00:00.000Z'],
    // Before today's opening: today's opening.
    ['2027-01-14T22:00:00Z', 'Asia/Tokyo', '09:00', '18:00', '2027-01-15T00:00:00.000Z'],
    // After today's closing: tomorrow's opening.
    ['2027-01-15T10:00:00Z', 'Asia/Tokyo', '09:00', '18:00', '2027-01-16T00:00:00.000Z'],
    // Across the spring-forward night in New York (2027-03-14): opens at 09:00 EDT = 13:00Z.
    ['2027-03-13T23:00:00Z', 'America/New_York', '09:00', '17:00', '2027-03-14T13:00:00.000Z'],
    // The day before it, still EST: 14:00Z.
    ['2027-03-13T02:00:00Z', 'America/New_York', '09:00', '17:00', '2027-03-13T14:00:00.000Z'],
    // Across the fall-back night (2027-11-07): 09:00 EST = 14:00Z.
    ['2027-11-07T03:00:00Z', 'America/New_York', '09:00', '17:00', '2027-11-07T14:00:00.000Z'],
    // An opening inside the gap (02:30 does not exist on 2027-03-14): the end of the gap, 03:00 EDT.
    ['2027-03-14T05:00:00Z', 'America/New_York', '02:30', '05:00', '2027-03-14T07:00:00.000Z'],
    // An ambiguous opening (01:30 happens twice on 2027-11-07): the first, 01:30 EDT = 05:30Z.
    ['2027-11-07T04:00:00Z', 'America/New_York', '01:30', '04:00', '2027-11-07T05:30:00.000Z'],
    // Europe's switch is another weekend (2027-03-28): 09:00 CEST = 07:00Z.
    ['2027-03-27T20:00:00Z', 'Europe/Berlin', '09:00', '17:00', '2027-03-28T07:00:00.000Z'],
    // Southern hemisphere: Sydney leaves DST on 2027-04-04 (AEDT +11 -> AEST +10).
    ['2027-04-03T12:00:00Z', 'Australia/Sydney', '09:00', '17:00', '2027-04-03T23:00:00.000Z'],
    // Half-hour zone: India +05:30.
    ['2027-06-01T00:00:00Z', 'Asia/Kolkata', '10:00', '18:00', '2027-06-01T04:30:00.000Z'],
  ])('%s in %s [%s, %s) -> %s', (iso, timezone, from, to, expected) => {
    expect(nextCallingTime(at(iso), { timezone, from, to }).toISOString()).toBe(expected);
  });

  it('always answers an instant inside the window, at or after the given one, within two days', () => {
    const zones = ['Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 22 * 60 }),
        fc.integer({ min: 30, max: 8 * 60 }),
        (t, timezone, fromMin, length) => {
          const toMin = Math.min(fromMin + length, 23 * 60 + 59);
          const hhmm = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const hours = { timezone, from: hhmm(fromMin), to: hhmm(toMin) };
          const next = nextCallingTime(t, hours);
          expect(next.getTime()).toBeGreaterThanOrEqual(t.getTime());
          expect(next.getTime() - t.getTime()).toBeLessThanOrEqual(2 * 24 * 3600_000);
          expect(isWithinCallingHours(next, hours)).toBe(true);
        },
      ),
    );
  });
});

describe('instantOf', () => {
  it('converts local wall times to instants in any zone', () => {
    expect(instantOf(2027, 1, 15, 9 * 60, 'Asia/Tokyo').toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(instantOf(2027, 7, 1, 0, 'Europe/London').toISOString()).toBe('2027-06-30T23:00:00.000Z');
    const l = localTime(instantOf(2027, 12, 31, 23 * 60 + 59, 'America/Los_Angeles'), 'America/Los_Angeles');
    expect([l.year, l.month, l.day, l.hour, l.minute]).toEqual([2027, 12, 31, 23, 59]);
  });
});

describe('nextDiallingTime', () => {
  const callingHours = { timezone: 'Asia/Tokyo', from: '09:00', to: '18:00' };

  it.each([
    ['no period, no hours: now', null, null, null, '2027-01-15T10:00:00Z', '2027-01-15T10:00:00.000Z'],
    [
      'before the period: its start',
      '2027-02-01T00:00:00Z',
      null,
      null,
      '2027-01-15T10:00:00Z',
      '2027-02-01T00:00:00.000Z',
    ],
    ['after the period: never', null, '2027-01-10T00:00:00Z', null, '2027-01-15T10:00:00Z', null],
    ['hours push past the end: never', null, '2027-01-15T20:00:00Z', callingHours, '2027-01-15T10:00:00Z', null],
    [
      'hours within the period',
      null,
      '2027-01-20T00:00:00Z',
      callingHours,
      '2027-01-15T10:00:00Z',
      '2027-01-16T00:00:00.000Z',
    ],
    [
      'period start outside the hours',
      '2027-02-01T12:00:00Z',
      null,
      callingHours,
      '2027-01-15T10:00:00Z',
      '2027-02-02T00:00:00.000Z',
    ],
  ])('%s', (_label, startsAt, endsAt, hours, now, expected) => {
    const next = nextDiallingTime(at(now), {
      startsAt: startsAt ? at(startsAt) : null,
      endsAt: endsAt ? at(endsAt) : null,
      callingHours: hours,
    });
    expect(next?.toISOString() ?? null).toBe(expected);
  });
});

describe('time zone and window checks', () => {
  it.each([
    ['Asia/Tokyo', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('isTimeZone(%s) -> %s', (tz, ok) => expect(isTimeZone(tz)).toBe(ok));

  it('a window needs from before to', () => {
    expect(isCallingWindow({ timezone: 'UTC', from: '09:00', to: '17:00' })).toBe(true);
    expect(isCallingWindow({ timezone: 'UTC', from: '17:00', to: '09:00' })).toBe(false);
    expect(isCallingWindow({ timezone: 'UTC', from: '09:00', to: '09:00' })).toBe(false);
  });
});
