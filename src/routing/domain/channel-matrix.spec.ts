import fc from 'fast-check';
import { COMPLEXITIES, Complexity } from '../../catalog/catalog.types';
import {
  ChannelMatrix,
  complexityOf,
  decideRoute,
  DEFAULT_CHANNEL_MATRIX,
  MATRIX_ROUTES,
  ProductLineComplexity,
  REVENUE_TIERS,
  RevenueTier,
  revenueTierOf,
  Route,
  validateMatrix,
} from './channel-matrix';
import { Maturity, MATURITY_STAGES, OPEN_MATURITY_STAGES } from './maturity';

const clone = (): ChannelMatrix => structuredClone(DEFAULT_CHANNEL_MATRIX);

describe('DEFAULT_CHANNEL_MATRIX', () => {
  it('is version 1 with thresholds 1,000,000 / 10,000,000 and bar M2', () => {
    expect(DEFAULT_CHANNEL_MATRIX.version).toBe(1);
    expect(DEFAULT_CHANNEL_MATRIX.revenueThresholds).toEqual({ medium: 1_000_000, large: 10_000_000 });
    expect(DEFAULT_CHANNEL_MATRIX.qualificationBar).toBe('M2');
  });

  it('cannot be changed by accident', () => {
    expect(() => {
      (DEFAULT_CHANNEL_MATRIX.cells.simple as Record<string, string>).large = 'field';
    }).toThrow(TypeError);
  });

  it('passes its own validation', () => {
    expect(validateMatrix(DEFAULT_CHANNEL_MATRIX)).toEqual({ ok: true, matrix: DEFAULT_CHANNEL_MATRIX });
  });
});

describe('revenueTierOf', () => {
  it.each<[number, RevenueTier]>([
    [0, 'small'],
    [1, 'small'],
    [999_999.99, 'small'],
    [1_000_000, 'medium'],
    [1_000_000.01, 'medium'],
    [9_999_999, 'medium'],
    [10_000_000, 'large'],
    [10_000_001, 'large'],
    [5e12, 'large'],
  ])('%d -> %s (default thresholds, a threshold belongs to the higher tier)', (revenue, tier) => {
    expect(revenueTierOf(revenue)).toBe(tier);
  });

  it.each<[number, RevenueTier]>([
    [49, 'small'],
    [50, 'medium'],
    [499, 'medium'],
    [500, 'large'],
  ])('%d -> %s with thresholds 50 / 500', (revenue, tier) => {
    expect(revenueTierOf(revenue, { medium: 50, large: 500 })).toBe(tier);
  });

  it.each([NaN, -1, Infinity, -Infinity])('refuses %p', (revenue) => {
    expect(() => revenueTierOf(revenue)).toThrow(RangeError);
  });
});

describe('complexityOf', () => {
  const l = (code: string, complexity: Complexity): ProductLineComplexity => ({ code, complexity });

  it.each<[string, ProductLineComplexity[], boolean, Complexity | null]>([
    ['no lines', [], false, null],
    ['no lines, even with integration', [], true, null],
    ['one simple line', [l('pc', 'simple')], false, 'simple'],
    ['one standard line', [l('erp', 'standard')], false, 'standard'],
    ['one complex line', [l('dc', 'complex')], false, 'complex'],
    ['simple + integration -> standard', [l('pc', 'simple')], true, 'standard'],
    ['standard + integration -> complex', [l('erp', 'standard')], true, 'complex'],
    ['complex + integration stays complex', [l('dc', 'complex')], true, 'complex'],
    ['two simple lines -> standard', [l('pc', 'simple'), l('printer', 'simple')], false, 'standard'],
    ['simple + standard -> complex', [l('pc', 'simple'), l('erp', 'standard')], false, 'complex'],
    ['simple + complex stays complex', [l('pc', 'simple'), l('dc', 'complex')], false, 'complex'],
    ['several lines and integration raise one step only', [l('pc', 'simple'), l('tv', 'simple')], true, 'standard'],
    ['the same line twice is one line', [l('pc', 'simple'), l('pc', 'simple')], false, 'simple'],
    ['integration: false changes nothing', [l('pc', 'simple')], false, 'simple'],
  ])('%s', (_name, lines, integration, expected) => {
    expect(complexityOf(lines, { integration })).toBe(expected);
  });

  it('defaults to no integration need', () => {
    expect(complexityOf([l('pc', 'simple')])).toBe('simple');
  });
});

describe('decideRoute', () => {
  it.each<[Complexity, RevenueTier, Route, string]>([
    ['simple', 'small', 'e_sales', 'simple solution for a small account: e-Sales sells it remotely (matrix v1)'],
    ['simple', 'medium', 'e_sales', 'simple solution for a medium account: e-Sales sells it remotely (matrix v1)'],
    ['simple', 'large', 'e_sales', 'simple solution for a large account: e-Sales sells it remotely (matrix v1)'],
    ['standard', 'small', 'partner', 'standard solution for a small account: a partner covers it (matrix v1)'],
    ['standard', 'medium', 'partner', 'standard solution for a medium account: a partner covers it (matrix v1)'],
    ['standard', 'large', 'partner', 'standard solution for a large account: a partner covers it (matrix v1)'],
    ['complex', 'small', 'partner', 'complex solution for a small account: a partner covers it (matrix v1)'],
    ['complex', 'medium', 'partner', 'complex solution for a medium account: a partner covers it (matrix v1)'],
    ['complex', 'large', 'field', 'complex solution for a large account: face-to-face deal specialist (matrix v1)'],
  ])('%s x %s at M2 -> %s', (complexity, revenueTier, route, reason) => {
    expect(decideRoute({ matrix: DEFAULT_CHANNEL_MATRIX, revenueTier, complexity, maturity: 'M2' })).toEqual({
      route,
      matrixVersion: 1,
      revenueTier,
      complexity,
      reason,
    });
  });

  const belowBar: Maturity[] = ['M0', 'M1', 'lost'];
  it.each(COMPLEXITIES.flatMap((c) => REVENUE_TIERS.flatMap((t) => belowBar.map((m) => [m, c, t] as const))))(
    '%s with %s x %s -> nurture',
    (maturity, complexity, revenueTier) => {
      const decision = decideRoute({ matrix: DEFAULT_CHANNEL_MATRIX, revenueTier, complexity, maturity });
      expect(decision.route).toBe('nurture');
      expect(decision.matrixVersion).toBe(1);
      expect(decision.reason).toMatch(/Demand Generation nurtures it/);
      expect(decision.reason).toContain('(matrix v1)');
    },
  );

  it.each<[Maturity, string]>([
    ['M0', 'maturity M0 (identified) is below the qualification bar M2: Demand Generation nurtures it (matrix v1)'],
    [
      'M1',
      'maturity M1 (need recognized) is below the qualification bar M2: Demand Generation nurtures it (matrix v1)',
    ],
    ['lost', 'lost opportunity: Demand Generation nurtures it until a new need appears (matrix v1)'],
  ])('says why %s is nurtured', (maturity, reason) => {
    const decision = decideRoute({
      matrix: DEFAULT_CHANNEL_MATRIX,
      revenueTier: 'large',
      complexity: 'complex',
      maturity,
    });
    expect(decision.reason).toBe(reason);
  });

  it.each<Maturity>(['M2', 'M3', 'M4', 'won'])('%s at or past the bar enters the matrix', (maturity) => {
    const decision = decideRoute({
      matrix: DEFAULT_CHANNEL_MATRIX,
      revenueTier: 'large',
      complexity: 'complex',
      maturity,
    });
    expect(decision.route).toBe('field');
  });

  it('follows a configured matrix and records its version and bar', () => {
    const matrix = { ...clone(), version: 7, qualificationBar: 'M3' as const };
    matrix.cells.standard.large = 'field';
    expect(decideRoute({ matrix, revenueTier: 'large', complexity: 'standard', maturity: 'M3' })).toMatchObject({
      route: 'field',
      matrixVersion: 7,
      reason: 'standard solution for a large account: face-to-face deal specialist (matrix v7)',
    });
    expect(decideRoute({ matrix, revenueTier: 'large', complexity: 'standard', maturity: 'M2' }).reason).toBe(
      'maturity M2 (qualified (budget, authority, need, timeline)) is below the qualification bar M3: ' +
        'Demand Generation nurtures it (matrix v7)',
    );
  });

  it('is total: every matrix x tier x complexity x maturity gives a route and a reason (property)', () => {
    const route = fc.constantFrom(...MATRIX_ROUTES);
    const row = fc.record({ small: route, medium: route, large: route });
    const matrix = fc.record({
      version: fc.integer({ min: 1, max: 1_000_000 }),
      cells: fc.record({ simple: row, standard: row, complex: row }),
      revenueThresholds: fc.constant({ medium: 1, large: 2 }),
      qualificationBar: fc.constantFrom(...OPEN_MATURITY_STAGES),
    });
    fc.assert(
      fc.property(
        matrix,
        fc.constantFrom(...REVENUE_TIERS),
        fc.constantFrom(...COMPLEXITIES),
        fc.constantFrom(...MATURITY_STAGES),
        (m, revenueTier, complexity, maturity) => {
          const decision = decideRoute({ matrix: m, revenueTier, complexity, maturity });
          expect(decision.reason.length).toBeGreaterThan(0);
          expect(decision.reason).toContain(`(matrix v${m.version})`);
          expect(decision.matrixVersion).toBe(m.version);
          expect(decision.route === 'nurture' || decision.route === m.cells[complexity][revenueTier]).toBe(true);
          const qualified =
            maturity === 'won' ||
            (maturity !== 'lost' && MATURITY_STAGES.indexOf(maturity) >= MATURITY_STAGES.indexOf(m.qualificationBar));
          expect(decision.route).toBe(qualified ? m.cells[complexity][revenueTier] : 'nurture');
        },
      ),
    );
  });
});

describe('validateMatrix', () => {
  const fields = (input: unknown) => {
    const result = validateMatrix(input);
    return result.ok ? [] : result.errors.map((e) => e.field);
  };
  const withChange = (change: (m: Record<string, unknown> & ChannelMatrix) => void) => {
    const m = clone() as Record<string, unknown> & ChannelMatrix;
    change(m);
    return m;
  };
  const without = (key: keyof ChannelMatrix): Record<string, unknown> => {
    const m: Record<string, unknown> = { ...clone() };
    delete m[key];
    return m;
  };

  it.each<[string, unknown, string[]]>([
    ['not an object', 'matrix', ['']],
    ['null', null, ['']],
    ['an array', [], ['']],
    ['version 0', withChange((m) => (m.version = 0)), ['version']],
    ['version 1.5', withChange((m) => (m.version = 1.5)), ['version']],
    ['version "2"', withChange((m) => (m.version = '2' as unknown as number)), ['version']],
    ['version missing', without('version'), ['version']],
    ['cells missing', without('cells'), ['cells']],
    [
      'a row missing',
      withChange((m) => delete (m.cells as Partial<ChannelMatrix['cells']>).complex),
      ['cells.complex'],
    ],
    [
      'a cell missing',
      withChange((m) => delete (m.cells.standard as Partial<Record<RevenueTier, string>>).medium),
      ['cells.standard.medium'],
    ],
    [
      'a cell with an unknown route',
      withChange((m) => ((m.cells.simple as Record<string, string>).small = 'telesales')),
      ['cells.simple.small'],
    ],
    [
      'a cell set to nurture',
      withChange((m) => ((m.cells.complex as Record<string, string>).large = 'nurture')),
      ['cells.complex.large'],
    ],
    [
      'an unknown complexity',
      withChange((m) => ((m.cells as Record<string, unknown>).huge = { small: 'field' })),
      ['cells.huge'],
    ],
    [
      'an unknown tier',
      withChange((m) => ((m.cells.simple as Record<string, string>).larg = 'field')),
      ['cells.simple.larg'],
    ],
    ['thresholds missing', without('revenueThresholds'), ['revenueThresholds']],
    [
      'medium threshold zero',
      withChange((m) => (m.revenueThresholds = { medium: 0, large: 10 })),
      ['revenueThresholds.medium'],
    ],
    [
      'large threshold negative',
      withChange((m) => (m.revenueThresholds = { medium: 1, large: -10 })),
      ['revenueThresholds.large'],
    ],
    [
      'threshold not a number',
      withChange((m) => (m.revenueThresholds = { medium: '1' as unknown as number, large: NaN })),
      ['revenueThresholds.medium', 'revenueThresholds.large'],
    ],
    [
      'medium equal to large',
      withChange((m) => (m.revenueThresholds = { medium: 10, large: 10 })),
      ['revenueThresholds.large'],
    ],
    [
      'medium above large',
      withChange((m) => (m.revenueThresholds = { medium: 100, large: 10 })),
      ['revenueThresholds.large'],
    ],
    ['bar missing', without('qualificationBar'), ['qualificationBar']],
    ['bar won', withChange((m) => (m.qualificationBar = 'won')), ['qualificationBar']],
    ['bar unknown', withChange((m) => (m.qualificationBar = 'M9' as Maturity)), ['qualificationBar']],
    [
      'everything wrong at once',
      { version: -1, cells: {}, revenueThresholds: { medium: 5, large: 1 }, qualificationBar: 'x' },
      ['version', 'cells.simple', 'cells.standard', 'cells.complex', 'revenueThresholds.large', 'qualificationBar'],
    ],
  ])('%s -> errors on %p', (_name, input, expected) => {
    expect(fields(input)).toEqual(expected);
  });

  it('explains a nurture cell', () => {
    const result = validateMatrix(withChange((m) => ((m.cells.complex as Record<string, string>).large = 'nurture')));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].message).toMatch(/nurture is decided by maturity/);
  });

  it('accepts a changed matrix and returns a clean copy without unknown top-level keys', () => {
    const input = {
      ...clone(),
      version: 2,
      qualificationBar: 'M1',
      updatedAt: '2026-01-01',
      revenueThresholds: { medium: 0.5, large: 3 },
    };
    input.cells.standard.large = 'field';
    const result = validateMatrix(input);
    expect(result).toEqual({
      ok: true,
      matrix: {
        version: 2,
        cells: { ...DEFAULT_CHANNEL_MATRIX.cells, standard: { small: 'partner', medium: 'partner', large: 'field' } },
        revenueThresholds: { medium: 0.5, large: 3 },
        qualificationBar: 'M1',
      },
    });
    if (result.ok) expect(result.matrix.cells).not.toBe(input.cells);
  });

  it('accepts every matrix built from allowed values (property)', () => {
    const route = fc.constantFrom(...MATRIX_ROUTES);
    const row = fc.record({ small: route, medium: route, large: route });
    const thresholds = fc
      .tuple(fc.double({ min: 0.01, max: 1e12, noNaN: true }), fc.double({ min: 0.01, max: 1e12, noNaN: true }))
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ medium: Math.min(a, b), large: Math.max(a, b) }));
    fc.assert(
      fc.property(
        fc.record({
          version: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          cells: fc.record({ simple: row, standard: row, complex: row }),
          revenueThresholds: thresholds,
          qualificationBar: fc.constantFrom(...OPEN_MATURITY_STAGES),
        }),
        (matrix) => {
          expect(validateMatrix(matrix)).toEqual({ ok: true, matrix });
        },
      ),
    );
  });
});
