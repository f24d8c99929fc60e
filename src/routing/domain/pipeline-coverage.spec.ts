import {
  DEFAULT_STAGE_WEIGHTS,
  parsePlanPeriod,
  planCoverage,
  type PipelineLead,
  weightsAreMonotonic,
} from './pipeline-coverage';

describe('planCoverage', () => {
  const lead = (maturity: PipelineLead['maturity'], amount: number | null): PipelineLead => ({ maturity, amount });
  const cases: [string, PipelineLead[], number, number, number | null][] = [
    ['no pipeline', [], 1000, 0, 0],
    ['one M0 idea counts 5 %', [lead('M0', 1000)], 1000, 50, 0.05],
    ['an M4 negotiation counts 75 %', [lead('M4', 1000)], 1000, 750, 0.75],
    ['won counts in full', [lead('won', 400)], 1000, 400, 0.4],
    ['lost counts nothing', [lead('lost', 5000)], 1000, 0, 0],
    ['no amount counts nothing', [lead('M3', null)], 1000, 0, 0],
    [
      'a mixed pipeline',
      [lead('M0', 2000), lead('M1', 1000), lead('M2', 400), lead('M3', 200), lead('won', 300)],
      1000,
      2000 * 0.05 + 1000 * 0.1 + 400 * 0.25 + 200 * 0.5 + 300,
      0.7,
    ],
    ['over-covered', [lead('M4', 4000)], 1000, 3000, 3],
    ['a zero target has no ratio', [lead('M2', 100)], 0, 25, null],
  ];
  it.each(cases)('%s', (_, leads, target, weighted, ratio) => {
    expect(planCoverage(leads, target)).toEqual({ target, weighted, ratio });
  });

  it('uses configured weights, the defaults for stages left out', () => {
    expect(planCoverage([lead('M0', 1000), lead('M4', 1000)], 1000, { M0: 0.2 })).toEqual({
      target: 1000,
      weighted: 200 + 750,
      ratio: 0.95,
    });
  });
});

describe('weightsAreMonotonic', () => {
  it.each([
    [{}, true],
    [DEFAULT_STAGE_WEIGHTS, true],
    [{ M0: 0.3 }, false],
    [{ M4: 1 }, true],
    [{ M4: 1.2 }, false],
    [{ M0: -0.1 }, false],
  ])('%j -> %s', (weights, ok) => {
    expect(weightsAreMonotonic(weights)).toBe(ok);
  });
});

describe('parsePlanPeriod', () => {
  it.each([
    ['2027-Q1', '2027-01-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z'],
    ['2027-Q4', '2027-10-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z'],
  ])('%s', (period, start, end) => {
    expect(parsePlanPeriod(period)).toEqual({ period, start: new Date(start), end: new Date(end) });
  });
  it.each(['2027-Q5', '2027-Q0', '2027Q1', '27-Q1', '2027-q1', '2027-Q1 ', ''])('refuses %j', (period) => {
    expect(parsePlanPeriod(period)).toBeNull();
  });
});
