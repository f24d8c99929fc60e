import { reportRange } from './report-range';

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
