import { dailyAttainment, slaAttainment, type BusinessTime } from './sla';

const wall: BusinessTime = (a, b) => b - a;
const at = (iso: string) => new Date(iso).getTime();
const MIN = 60_000;

describe('SLA attainment', () => {
  const now = new Date('2027-01-04T10:00:00Z');
  const samples = [
    { startedAt: at('2027-01-04T09:00:00Z'), endedAt: at('2027-01-04T09:01:00Z') }, // met (1 min)
    { startedAt: at('2027-01-04T09:00:00Z'), endedAt: at('2027-01-04T09:02:00Z') }, // met (2 min, on the limit)
    { startedAt: at('2027-01-04T09:00:00Z'), endedAt: at('2027-01-04T09:05:00Z') }, // missed
    { startedAt: at('2027-01-04T09:00:00Z'), endedAt: null }, // open past the limit: missed
    { startedAt: at('2027-01-04T09:59:00Z'), endedAt: null }, // open within the limit: pending
  ];

  it('counts met, missed and pending in business time', () => {
    expect(slaAttainment(samples, 2 * MIN, wall, now)).toEqual({
      total: 4,
      met: 2,
      missed: 2,
      pending: 1,
      attainment: 0.5,
    });
  });

  it('uses the business-time function it is given: closed hours do not count', () => {
    // A calendar closed between 09:00 and 09:04: the 5-minute answer took 1 business minute.
    const closedUntil0904: BusinessTime = (a, b) => {
      const open = at('2027-01-04T09:04:00Z');
      return Math.max(0, b - Math.max(a, open));
    };
    expect(slaAttainment(samples.slice(0, 3), 2 * MIN, closedUntil0904, now).met).toBe(3);
  });

  it('has no attainment when nothing was decided', () => {
    expect(slaAttainment([], MIN, wall, now).attainment).toBeNull();
  });

  it('splits by UTC day in order', () => {
    const days = dailyAttainment(
      [
        { startedAt: at('2027-01-05T09:00:00Z'), endedAt: at('2027-01-05T09:00:30Z') },
        { startedAt: at('2027-01-04T23:59:00Z'), endedAt: at('2027-01-05T00:09:00Z') },
      ],
      MIN,
      wall,
      now,
    );
    expect(days.map((d) => [d.day, d.attainment.attainment])).toEqual([
      ['2027-01-04', 0],
      ['2027-01-05', 1],
    ]);
  });
});
