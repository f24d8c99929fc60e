import { calendarKey, DAY_MS, dayOf, rangesWithout, wholeDaysBefore } from './rollup-days';

describe('rollup days', () => {
  const d = (iso: string) => new Date(iso).getTime();

  it('finds the whole UTC days of a period before a day', () => {
    const day = dayOf(d('2026-11-02T00:00:00Z'));
    expect(wholeDaysBefore(d('2026-11-02T00:00:00Z'), d('2026-11-05T00:00:00Z'), day + 10)).toEqual([
      day,
      day + 1,
      day + 2,
    ]);
    expect(wholeDaysBefore(d('2026-11-02T00:00:00.001Z'), d('2026-11-04T23:59:59.999Z'), day + 10)).toEqual([day + 1]);
    expect(wholeDaysBefore(d('2026-11-02T00:00:00Z'), d('2026-11-09T00:00:00Z'), day + 2)).toEqual([day, day + 1]);
    expect(wholeDaysBefore(d('2026-11-02T01:00:00Z'), d('2026-11-02T05:00:00Z'), day + 10)).toEqual([]);
  });

  it('cuts the given days out of a period', () => {
    const from = d('2026-11-01T12:00:00Z');
    const day = dayOf(d('2026-11-02T00:00:00Z'));
    expect(rangesWithout(from, from + 5 * DAY_MS, [day, day + 1, day + 3])).toEqual([
      [from, day * DAY_MS],
      [(day + 2) * DAY_MS, (day + 3) * DAY_MS],
      [(day + 4) * DAY_MS, from + 5 * DAY_MS],
    ]);
    expect(rangesWithout(day * DAY_MS, (day + 1) * DAY_MS, [day])).toEqual([]);
    expect(rangesWithout(from, from + 10, [])).toEqual([[from, from + 10]]);
  });

  it('keys a calendar by its content, whatever the order of its keys', () => {
    const a = { timezone: 'Asia/Tokyo', weekly: { mon: [['09:00', '18:00']] }, holidays: ['2026-11-03'] };
    const b = { holidays: ['2026-11-03'], weekly: { mon: [['09:00', '18:00']] }, timezone: 'Asia/Tokyo' };
    expect(calendarKey(a)).toBe(calendarKey(b));
    expect(calendarKey({ ...a, holidays: [] })).not.toBe(calendarKey(a));
    expect(calendarKey(a)).toMatch(/^[0-9a-f]{32}$/);
  });
});
