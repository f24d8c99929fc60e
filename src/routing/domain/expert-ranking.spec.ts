import fc from 'fast-check';
import { type ExpertCandidate, expertFit, rankExperts, smoothedWinRate } from './expert-ranking';

const NOW = Date.parse('2027-01-10T00:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const expert = (id: string, patch: Partial<ExpertCandidate> = {}): ExpertCandidate => ({
  id,
  name: id,
  productLines: ['erp'],
  industries: ['manufacturing'],
  results: [],
  openTeams: 0,
  ...patch,
});
const won = (daysAgo = 0) => ({ result: 'won' as const, at: NOW - daysAgo * DAY });
const lost = (daysAgo = 0) => ({ result: 'lost' as const, at: NOW - daysAgo * DAY });
const LEAD = { productLines: ['erp'], industry: 'manufacturing' };

describe('smoothedWinRate', () => {
  it.each([
    ['a newcomer sits at the prior mean', [], 0.5],
    ['one win is not 100 %', [won()], 2 / 3],
    ['one loss is not 0 %', [lost()], 1 / 3],
    ['ten wins approach 100 %', Array.from({ length: 10 }, () => won()), 11 / 12],
    ['a loss one half-life old counts half', [lost(180)], 1 / 2.5],
  ])('%s', (_, results, rate) => {
    expect(smoothedWinRate(results, NOW).rate).toBeCloseTo(rate, 6);
  });

  it('decays old results: a recent loss hurts more than an old one', () => {
    expect(smoothedWinRate([won(), lost(720)], NOW).rate).toBeGreaterThan(
      smoothedWinRate([won(720), lost()], NOW).rate,
    );
  });
});

describe('expertFit', () => {
  it.each([
    [{ productLines: ['erp'], industries: ['manufacturing'] }, LEAD, 1],
    [{ productLines: ['erp'], industries: [] }, LEAD, 0.75],
    [{ productLines: [], industries: ['manufacturing'] }, LEAD, 0.25],
    [{ productLines: ['erp'], industries: [] }, { productLines: ['erp', 'cloud'], industry: null }, 0.75 * 0.5 + 0.125],
    [{ productLines: [], industries: [] }, { productLines: [], industry: null }, 0.5],
  ])('%j for %j -> %s', (e, lead, fit) => {
    expect(expertFit(e, lead)).toBeCloseTo(fit, 6);
  });
});

describe('rankExperts', () => {
  it('puts the winner first, the loser last, a newcomer between', () => {
    const ranked = rankExperts(
      LEAD,
      [expert('loser', { results: [lost(), lost()] }), expert('new'), expert('winner', { results: [won(), won()] })],
      NOW,
    );
    expect(ranked.map((r) => r.id)).toEqual(['winner', 'new', 'loser']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
  });

  it('breaks ties by fewer open teams, then by id', () => {
    const ranked = rankExperts(LEAD, [expert('b'), expert('a'), expert('c')], NOW);
    expect(ranked.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    const busy = rankExperts(LEAD, [expert('a', { openTeams: 2 }), expert('b')], NOW);
    expect(busy.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('ranks fit above a record: a winner who does not know the product is behind a newcomer who does', () => {
    const ranked = rankExperts(
      LEAD,
      [expert('winner', { productLines: ['pc'], industries: [], results: [won(), won(), won()] }), expert('new')],
      NOW,
    );
    expect(ranked.map((r) => r.id)).toEqual(['new', 'winner']);
  });

  it('lets old wins fade behind recent ones', () => {
    const ranked = rankExperts(
      LEAD,
      [expert('old', { results: [won(900), won(900)] }), expert('recent', { results: [won(5)] })],
      NOW,
    );
    expect(ranked[0].id).toBe('recent');
  });

  it('says why, in words', () => {
    const [r] = rankExperts(LEAD, [expert('x', { results: [won(), lost()], openTeams: 1 })], NOW);
    expect(r.reason).toBe(
      'knows erp (1/1 product lines); industry manufacturing; won 1, lost 1: win rate 50% (smoothed, recent results weigh more); on 1 open team',
    );
    const [n] = rankExperts(LEAD, [expert('n', { productLines: [], industries: [] })], NOW);
    expect(n.reason).toBe(
      'knows none of erp; not industry manufacturing; no record yet: win rate 50% from the prior; on no open team',
    );
  });

  it('property: a win never lowers an expert’s rank', () => {
    const arbResult = fc.record({
      result: fc.constantFrom<'won' | 'lost'>('won', 'lost'),
      at: fc.integer({ min: NOW - 1000 * DAY, max: NOW }),
    });
    const arbExpert = (id: string) =>
      fc.record({
        id: fc.constant(id),
        name: fc.constant(id),
        productLines: fc.subarray(['erp', 'cloud', 'server']),
        industries: fc.subarray(['manufacturing', 'retail']),
        results: fc.array(arbResult, { maxLength: 8 }),
        openTeams: fc.integer({ min: 0, max: 5 }),
      });
    fc.assert(
      fc.property(
        fc.tuple(arbExpert('e0'), arbExpert('e1'), arbExpert('e2'), arbExpert('e3')),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.record({
          productLines: fc.subarray(['erp', 'cloud', 'server']),
          industry: fc.constantFrom(null, 'manufacturing', 'retail'),
        }),
        (experts, who, daysAgo, lead) => {
          const before = rankExperts(lead, experts, NOW).find((r) => r.id === experts[who].id)!;
          const withWin = experts.map((e, i) => (i === who ? { ...e, results: [...e.results, won(daysAgo)] } : e));
          const after = rankExperts(lead, withWin, NOW).find((r) => r.id === experts[who].id)!;
          expect(after.rank).toBeLessThanOrEqual(before.rank);
          expect(after.score).toBeGreaterThanOrEqual(before.score);
        },
      ),
      { numRuns: 500 },
    );
  });
});
