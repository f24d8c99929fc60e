import fc from 'fast-check';
import {
  DealSpecialist,
  DEFAULT_HANDOFF_SLA_MS,
  handoffDeadline,
  isHandoffOverdue,
  LeadForHandoff,
  nextEscalation,
  selectDealSpecialist,
} from './deal-specialist-selection';

const HOUR = 60 * 60 * 1000;
const OFFERED_AT = Date.parse('2026-03-02T10:00:00Z');

const specialist = (id: string, over: Partial<DealSpecialist> = {}): DealSpecialist => ({
  id,
  territories: [],
  industries: [],
  productLines: [],
  openLeads: 0,
  maxOpenLeads: 10,
  active: true,
  ...over,
});
const lead: LeadForHandoff = { territory: 'kanto', industry: 'manufacturing', productLines: ['server', 'storage'] };

describe('selectDealSpecialist', () => {
  it.each<[string, DealSpecialist[], LeadForHandoff, string[], string | null]>([
    ['nobody', [], lead, [], null],
    [
      'territory match beats more expertise elsewhere',
      [
        specialist('far', { territories: ['kansai'], productLines: ['server', 'storage'] }),
        specialist('near', { territories: ['kanto'] }),
      ],
      lead,
      [],
      'near',
    ],
    [
      'industry match counts like territory',
      [specialist('other'), specialist('industry', { industries: ['manufacturing'] })],
      lead,
      [],
      'industry',
    ],
    [
      'nobody matches: anyone may take it, best expertise first',
      [specialist('a', { productLines: ['server'] }), specialist('b', { productLines: ['server', 'storage'] })],
      lead,
      [],
      'b',
    ],
    [
      'the only match is full: fall back to the rest',
      [specialist('near', { territories: ['kanto'], openLeads: 10 }), specialist('other')],
      lead,
      [],
      'other',
    ],
    [
      'the only match is inactive: fall back to the rest',
      [specialist('near', { territories: ['kanto'], active: false }), specialist('other')],
      lead,
      [],
      'other',
    ],
    [
      'among matches, more product lines in their expertise',
      [
        specialist('one', { territories: ['kanto'], productLines: ['server'] }),
        specialist('two', { industries: ['manufacturing'], productLines: ['storage', 'server', 'pc'] }),
        specialist('none', { territories: ['kanto'], productLines: ['pc'] }),
      ],
      lead,
      [],
      'two',
    ],
    [
      'a product line named twice in the lead counts once',
      [
        specialist('a', { territories: ['kanto'], productLines: ['server'], openLeads: 5 }),
        specialist('b', { territories: ['kanto'], productLines: ['storage'], openLeads: 1 }),
      ],
      { ...lead, productLines: ['server', 'server', 'storage'] },
      [],
      'b',
    ],
    [
      'equal expertise: lowest load relative to their maximum',
      [
        specialist('half', { territories: ['kanto'], openLeads: 1, maxOpenLeads: 2 }),
        specialist('fifth', { territories: ['kanto'], openLeads: 2, maxOpenLeads: 10 }),
      ],
      lead,
      [],
      'fifth',
    ],
    [
      'equal relative load: fewer open leads',
      [
        specialist('big', { territories: ['kanto'], openLeads: 4, maxOpenLeads: 8 }),
        specialist('small', { territories: ['kanto'], openLeads: 1, maxOpenLeads: 2 }),
      ],
      lead,
      [],
      'small',
    ],
    [
      'all equal: smallest id',
      [specialist('s2', { territories: ['kanto'] }), specialist('S9', { territories: ['kanto'] }), specialist('s1')],
      lead,
      [],
      'S9',
    ],
    [
      'never one at its maximum, however expert',
      [
        specialist('full', {
          territories: ['kanto'],
          productLines: ['server', 'storage'],
          openLeads: 3,
          maxOpenLeads: 3,
        }),
        specialist('free', { territories: ['kanto'], openLeads: 9, maxOpenLeads: 10 }),
      ],
      lead,
      [],
      'free',
    ],
    ['a maximum of 0 takes nothing', [specialist('zero', { maxOpenLeads: 0 })], lead, [], null],
    ['inactive only', [specialist('gone', { active: false })], lead, [], null],
    [
      'already tried ones are skipped',
      [specialist('first', { territories: ['kanto'] }), specialist('second', { territories: ['kanto'], openLeads: 5 })],
      lead,
      ['first'],
      'second',
    ],
    ['everyone tried', [specialist('a'), specialist('b')], lead, ['a', 'b'], null],
    [
      'a lead without territory or industry: anyone',
      [specialist('b', { territories: ['kanto'] }), specialist('a')],
      { productLines: [] },
      [],
      'a',
    ],
    [
      'null territory and industry match nothing',
      [specialist('b', { territories: ['kanto'] }), specialist('a')],
      { territory: null, industry: null, productLines: [] },
      [],
      'a',
    ],
  ])('%s', (_name, specialists, l, excludeIds, expected) => {
    const selection = selectDealSpecialist(specialists, l, { excludeIds });
    expect(selection.specialist?.id ?? null).toBe(expected);
    expect(selection.reason.length).toBeGreaterThan(0);
  });

  it.each<[string, DealSpecialist[], string[], string]>([
    [
      'a match',
      [
        specialist('near', {
          territories: ['kanto'],
          industries: ['manufacturing'],
          productLines: ['server'],
          openLeads: 2,
        }),
        specialist('tried'),
      ],
      ['tried'],
      'covers territory kanto and industry manufacturing; expert in 1 of 2 product lines; 2 of 10 open leads ' +
        '(the only candidate, 1 already tried)',
    ],
    [
      'a fallback',
      [specialist('any', { productLines: ['storage', 'server'] })],
      [],
      'nobody available covers territory kanto or industry manufacturing, so any specialist may take it; ' +
        'expert in 2 of 2 product lines; 0 of 10 open leads (the only candidate)',
    ],
    ['nobody', [], [], 'no deal specialists'],
    [
      'nobody left',
      [
        specialist('a'),
        specialist('b', { active: false }),
        specialist('c', { openLeads: 10 }),
        specialist('d', { openLeads: 10 }),
      ],
      ['a', 'ghost'],
      'no deal specialist can take the lead among 4: 1 already tried, 1 inactive, 2 at their maximum of open leads',
    ],
  ])('explains %s', (_name, specialists, excludeIds, reason) => {
    expect(selectDealSpecialist(specialists, lead, { excludeIds }).reason).toBe(reason);
  });

  it('says when the lead names no territory or industry', () => {
    expect(selectDealSpecialist([specialist('a'), specialist('b')], { productLines: ['pc'] }).reason).toBe(
      'the lead names no territory or industry, so any specialist may take it; expert in 0 of 1 product lines; ' +
        '0 of 10 open leads (best of 2 candidates)',
    );
  });

  it('says when there are no product lines to match', () => {
    expect(selectDealSpecialist([specialist('a')], { territory: 'kanto', productLines: [] }).reason).toBe(
      'nobody available covers territory kanto, so any specialist may take it; no product lines to match; ' +
        '0 of 10 open leads (the only candidate)',
    );
  });
});

describe('handoffDeadline / isHandoffOverdue', () => {
  it.each<[number, number]>([
    [HOUR, OFFERED_AT + HOUR],
    [1, OFFERED_AT + 1],
    [DEFAULT_HANDOFF_SLA_MS, OFFERED_AT + 4 * HOUR],
  ])('SLA %d ms -> deadline offeredAt + SLA', (sla, deadline) => {
    expect(handoffDeadline(OFFERED_AT, sla)).toBe(deadline);
  });

  it('defaults to a 4-hour SLA', () => {
    expect(handoffDeadline(OFFERED_AT)).toBe(OFFERED_AT + 4 * HOUR);
  });

  it.each([0, -1, NaN, Infinity])('refuses an SLA of %p', (sla) => {
    expect(() => handoffDeadline(OFFERED_AT, sla)).toThrow(RangeError);
  });

  it.each<[number, boolean]>([
    [OFFERED_AT, false],
    [OFFERED_AT + HOUR - 1, false],
    [OFFERED_AT + HOUR, true],
    [OFFERED_AT + 2 * HOUR, true],
  ])('at %d overdue: %p (SLA 1 hour)', (now, overdue) => {
    expect(isHandoffOverdue(OFFERED_AT, HOUR, now)).toBe(overdue);
  });
});

describe('nextEscalation', () => {
  const team = [
    specialist('a', { territories: ['kanto'], openLeads: 1 }),
    specialist('b', { territories: ['kanto'], openLeads: 3 }),
    specialist('c', { territories: ['kansai'] }),
    specialist('d', { territories: ['kanto'], active: false }),
  ];

  it.each<[string[], string]>([
    [[], 'a'],
    [['a'], 'b'],
    // Once every territory match has passed, the lead falls back to anyone left.
    [['a', 'b'], 'c'],
    [['a', 'b', 'c'], 'supervisor'],
    [['c', 'b', 'a'], 'supervisor'],
  ])('after %p -> %s', (tried, next) => {
    const escalation = nextEscalation(tried, team, lead);
    expect(escalation.escalateTo === 'specialist' ? escalation.specialist.id : 'supervisor').toBe(next);
  });

  it('tells the supervisor why', () => {
    expect(nextEscalation(['a', 'b', 'c'], team, lead)).toEqual({
      escalateTo: 'supervisor',
      reason: 'no deal specialist can take the lead among 4: 3 already tried, 1 inactive: the supervisor assigns it',
    });
  });

  it('walks every available specialist exactly once, then the supervisor (property)', () => {
    const specialistsArb = fc
      .array(
        fc.record({
          territories: fc.subarray(['kanto', 'kansai', 'tohoku']),
          industries: fc.subarray(['manufacturing', 'finance']),
          productLines: fc.subarray(['server', 'storage', 'pc']),
          openLeads: fc.nat(5),
          maxOpenLeads: fc.nat(5),
          active: fc.boolean(),
        }),
        { maxLength: 8 },
      )
      .map((list) => list.map((s, i): DealSpecialist => ({ id: `s${i}`, ...s })));
    const leadArb = fc.record({
      territory: fc.option(fc.constantFrom('kanto', 'kansai', 'okinawa'), { nil: null }),
      industry: fc.option(fc.constantFrom('manufacturing', 'retail'), { nil: undefined }),
      productLines: fc.subarray(['server', 'storage', 'pc', 'cloud']),
    });
    fc.assert(
      fc.property(specialistsArb, leadArb, (specialists, l) => {
        const available = specialists.filter((s) => s.active && s.openLeads < s.maxOpenLeads).map((s) => s.id);
        const tried: string[] = [];
        for (;;) {
          const escalation = nextEscalation(tried, specialists, l);
          if (escalation.escalateTo === 'supervisor') break;
          expect(tried).not.toContain(escalation.specialist.id);
          expect(available).toContain(escalation.specialist.id);
          tried.push(escalation.specialist.id);
        }
        expect([...tried].sort()).toEqual([...available].sort());
        // Whoever covers the lead's territory or industry is offered it before anyone who does not.
        const covers = (id: string) => {
          const s = specialists.find((x) => x.id === id)!;
          return (
            (!!l.territory && s.territories.includes(l.territory)) ||
            (!!l.industry && s.industries.includes(l.industry))
          );
        };
        const firstNonCovering = tried.findIndex((id) => !covers(id));
        if (firstNonCovering >= 0) expect(tried.slice(firstNonCovering).some(covers)).toBe(false);
      }),
    );
  });
});
