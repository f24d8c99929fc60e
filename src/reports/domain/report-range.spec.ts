import fc from 'fast-check';
import { fullDays, reportRange } from './report-range';

const now = new Date('2027-02-01T00:00:00Z');

describe('reportRange', () => {
  it('defaults to the 30 days before now', () => {
    expect(reportRange({}, now)).toEqual({ range: { from: new Date('2027-01-02T00:00:00Z'), to: now } });
  });

  it('reads ISO dates and instants', () => {
    expect(reportRange({ from: '2027-01-01', to: '2027-01-08T09:00:00+09:00' }, now)).toEqual({
      range: { from: new Date('2027-01-01T00:00:00Z'), to: new Date('2027-01-08T00:00:00Z') },
    });
  });

  it.each([
    [{ from: '2027-01-08', to: '2027-01-08' }, 'to', 'to must be after from'],
    [{ from: '2027-01-09', to: '2027-01-08' }, 'to', 'to must be after from'],
    [{ from: '2025-01-01', to: '2027-01-01' }, 'from', 'a report covers at most 367 days'],
  ])('refuses %j naming %s', (query, field, message) => {
    expect(reportRange(query, now)).toEqual({ problem: { field, message } });
  });
});

describe('fullDays', () => {
  const d = (iso: string) => new Date(iso);

  it.each([
    ['2027-01-01', '2027-01-08', '2027-01-01', '2027-01-08'],
    ['2027-01-01T00:00:00.001Z', '2027-01-08T23:59:59.999Z', '2027-01-02', '2027-01-08'],
    ['2027-01-01T12:00:00Z', '2027-01-03T00:00:00Z', '2027-01-02', '2027-01-03'],
  ])('keeps the midnights inside %s..%s', (from, to, dayFrom, dayTo) => {
    expect(fullDays({ from: d(from), to: d(to) })).toEqual({ from: d(dayFrom), to: d(dayTo) });
  });

  it('is empty at from when no whole day fits', () => {
    const from = d('2027-01-01T01:00:00Z');
    expect(fullDays({ from, to: d('2027-01-02T00:59:59Z') })).toEqual({ from, to: from });
  });

  it('stays inside the period, on midnights, and leaves less than a day at each end', () => {
    const day = 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * day }), fc.integer({ min: 1, max: 30 * day }), (start, length) => {
        const range = { from: new Date(start), to: new Date(start + length) };
        const days = fullDays(range);
        if (days.from.getTime() === days.to.getTime()) return days.from.getTime() === start;
        return (
          days.from.getTime() % day === 0 &&
          days.to.getTime() % day === 0 &&
          days.from.getTime() >= start &&
          days.from.getTime() - start < day &&
          days.to.getTime() <= start + length &&
          start + length - days.to.getTime() < day
        );
      }),
    );
  });
});
