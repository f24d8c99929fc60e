import { splitCohortDays } from './cohort-days';

const DAY_MS = 86_400_000;
const at = (iso: string) => new Date(iso);
const day = (iso: string) => at(iso).getTime() / DAY_MS;

describe('splitCohortDays', () => {
  it('reads a period of whole days from the days alone', () => {
    const split = splitCohortDays(at('2026-11-02'), at('2026-11-09'));
    expect(split).toEqual({
      firstDay: day('2026-11-02'),
      endDay: day('2026-11-09'),
      before: { from: at('2026-11-02'), to: at('2026-11-02') },
      after: { from: at('2026-11-09'), to: at('2026-11-09') },
    });
  });

  it('reads the partial days at both edges instant by instant, down to the millisecond', () => {
    const split = splitCohortDays(at('2026-11-02T01:00:00.001Z'), at('2026-11-05T00:00:00.001Z'));
    expect(split).toEqual({
      firstDay: day('2026-11-03'),
      endDay: day('2026-11-05'),
      before: { from: at('2026-11-02T01:00:00.001Z'), to: at('2026-11-03') },
      after: { from: at('2026-11-05'), to: at('2026-11-05T00:00:00.001Z') },
    });
  });

  it('reads a period without a full day instant by instant', () => {
    for (const [from, to] of [
      ['2026-11-03T00:00:00.000Z', '2026-11-03T00:00:10.000Z'],
      ['2026-11-02T12:00:00.000Z', '2026-11-03T12:00:00.000Z'],
      ['2026-11-02T12:00:00.000Z', '2026-11-03T00:00:00.000Z'],
    ]) {
      expect(splitCohortDays(at(from), at(to))).toEqual({
        firstDay: 0,
        endDay: 0,
        before: { from: at(from), to: at(to) },
        after: { from: at(to), to: at(to) },
      });
    }
  });

  it('covers every instant of the period exactly once', () => {
    const from = at('2026-01-01T07:30:00.123Z');
    const to = at('2027-01-01T05:00:00Z');
    const split = splitCohortDays(from, to);
    expect(split.before.from).toEqual(from);
    expect(split.before.to.getTime()).toBe(split.firstDay * DAY_MS);
    expect(split.after.from.getTime()).toBe(split.endDay * DAY_MS);
    expect(split.after.to).toEqual(to);
    expect(split.endDay - split.firstDay).toBe(364);
  });
});
