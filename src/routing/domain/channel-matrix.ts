import { COMPLEXITIES, type Complexity } from '../../catalog/catalog.types';
import { ROUTES } from '../../common/protocol.mjs';
import { DEFAULT_MATURITY_LABELS, isOpenMaturity, type Maturity, meetsMaturityBar } from './maturity';

/**
 * The channel matrix (DESIGN.md, "Channel optimization by a matrix"): revenue potential times
 * solution complexity decides who sells. Kept as versioned data rather than code, so an admin can
 * change it and every decision can say which version made it.
 */

export const REVENUE_TIERS = ['small', 'medium', 'large'] as const;
export type RevenueTier = (typeof REVENUE_TIERS)[number];

/**
 * field: a face-to-face deal specialist; nurture: Demand Generation, before the matrix applies.
 * Shared with the web console: src/common/protocol.mjs.
 */
export { ROUTES };
export type Route = (typeof ROUTES)[number];

/** What a matrix cell may hold: nurture is decided by maturity, never by a cell. */
export const MATRIX_ROUTES = ['field', 'e_sales', 'partner'] as const;
export type MatrixRoute = Exclude<Route, 'nurture'>;

/** Lower bounds (inclusive) of the medium and large tiers; numbers in whatever currency is configured. */
export interface RevenueThresholds {
  medium: number;
  large: number;
}

export interface ChannelMatrix {
  version: number;
  cells: Record<Complexity, Record<RevenueTier, MatrixRoute>>;
  revenueThresholds: RevenueThresholds;
  /** The lowest maturity that enters the matrix; anything below goes to nurture. */
  qualificationBar: Maturity;
}

/**
 * Simple, hardware-centric solutions go non-face-to-face whatever the revenue; face-to-face selling
 * concentrates on large accounts with complex solutions; partners cover the rest.
 */
export const DEFAULT_CHANNEL_MATRIX: ChannelMatrix = deepFreeze({
  version: 1,
  cells: {
    simple: { small: 'e_sales', medium: 'e_sales', large: 'e_sales' },
    standard: { small: 'partner', medium: 'partner', large: 'partner' },
    complex: { small: 'partner', medium: 'partner', large: 'field' },
  },
  revenueThresholds: { medium: 1_000_000, large: 10_000_000 },
  qualificationBar: 'M2',
});

/** The tier of an estimated potential revenue; a threshold itself belongs to the higher tier. */
export function revenueTierOf(
  estimatedRevenue: number,
  thresholds: RevenueThresholds = DEFAULT_CHANNEL_MATRIX.revenueThresholds,
): RevenueTier {
  // A NaN would silently fall through every comparison into "small"; refuse it instead.
  if (!Number.isFinite(estimatedRevenue) || estimatedRevenue < 0) {
    throw new RangeError(`estimated revenue must be a finite number >= 0, got ${estimatedRevenue}`);
  }
  if (estimatedRevenue >= thresholds.large) return 'large';
  if (estimatedRevenue >= thresholds.medium) return 'medium';
  return 'small';
}

export interface ProductLineComplexity {
  code: string;
  complexity: Complexity;
}

/**
 * The solution complexity of a lead: its most complex product line, raised one step when several
 * distinct lines are combined or the solution must integrate with the customer's systems (both at
 * once still raise one step: either one already means a multi-party solution). Null when no line
 * is known, so the caller asks instead of guessing.
 */
export function complexityOf(
  productLines: readonly ProductLineComplexity[],
  needs: { integration?: boolean } = {},
): Complexity | null {
  if (productLines.length === 0) return null;
  const highest = Math.max(...productLines.map((line) => COMPLEXITIES.indexOf(line.complexity)));
  const distinctLines = new Set(productLines.map((line) => line.code)).size;
  const raise = distinctLines > 1 || needs.integration === true ? 1 : 0;
  return COMPLEXITIES[Math.min(highest + raise, COMPLEXITIES.length - 1)];
}

export interface RouteDecision {
  route: Route;
  matrixVersion: number;
  revenueTier: RevenueTier;
  complexity: Complexity;
  /** Human-readable: why this route, with the matrix version. */
  reason: string;
}

const ROUTE_PHRASES: Record<MatrixRoute, string> = {
  field: 'face-to-face deal specialist',
  e_sales: 'e-Sales sells it remotely',
  partner: 'a partner covers it',
};

/** Route a qualified lead through the matrix; a lead below the qualification bar is nurtured. */
export function decideRoute(input: {
  matrix: ChannelMatrix;
  revenueTier: RevenueTier;
  complexity: Complexity;
  maturity: Maturity;
}): RouteDecision {
  const { matrix, revenueTier, complexity, maturity } = input;
  const base = { matrixVersion: matrix.version, revenueTier, complexity };
  const version = `(matrix v${matrix.version})`;

  if (!meetsMaturityBar(maturity, matrix.qualificationBar)) {
    const reason =
      maturity === 'lost'
        ? `lost opportunity: Demand Generation nurtures it until a new need appears ${version}`
        : `maturity ${maturity} (${DEFAULT_MATURITY_LABELS[maturity]}) is below the qualification bar ` +
          `${matrix.qualificationBar}: Demand Generation nurtures it ${version}`;
    return { route: 'nurture', ...base, reason };
  }

  const route = matrix.cells[complexity][revenueTier];
  return {
    route,
    ...base,
    reason: `${complexity} solution for a ${revenueTier} account: ${ROUTE_PHRASES[route]} ${version}`,
  };
}

export interface FieldError {
  field: string;
  message: string;
}

export type MatrixValidation = { ok: true; matrix: ChannelMatrix } | { ok: false; errors: FieldError[] };

/**
 * Checks a channel matrix from outside (an admin's PUT, a stored row) and returns a clean copy.
 * Every error names its field, so the admin sees all of them at once. Unknown complexities or
 * tiers inside `cells` are errors (surely typos); unknown top-level keys are dropped, since a
 * client may send back what GET gave it, metadata included.
 */
export function validateMatrix(input: unknown): MatrixValidation {
  const errors: FieldError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ field: '', message: 'must be an object' }] };

  const version = isPositiveInteger(input.version) ? input.version : null;
  if (version === null) errors.push({ field: 'version', message: 'must be a positive integer' });

  const cells = validateCells(input.cells, errors);
  const revenueThresholds = validateThresholds(input.revenueThresholds, errors);

  // A closed stage as the bar would send every open lead to nurture forever.
  const qualificationBar = isOpenMaturity(input.qualificationBar) ? input.qualificationBar : null;
  if (qualificationBar === null) {
    errors.push({ field: 'qualificationBar', message: 'must be one of M0, M1, M2, M3, M4' });
  }

  if (errors.length > 0 || version === null || !cells || !revenueThresholds || qualificationBar === null) {
    return { ok: false, errors };
  }
  return { ok: true, matrix: { version, cells, revenueThresholds, qualificationBar } };
}

function validateCells(input: unknown, errors: FieldError[]): ChannelMatrix['cells'] | null {
  if (!isRecord(input)) {
    errors.push({ field: 'cells', message: 'must be an object keyed by complexity' });
    return null;
  }
  const before = errors.length;
  for (const key of Object.keys(input)) {
    if (!(COMPLEXITIES as readonly string[]).includes(key)) {
      errors.push({ field: `cells.${key}`, message: `unknown complexity; expected ${COMPLEXITIES.join(', ')}` });
    }
  }
  const cells: Partial<ChannelMatrix['cells']> = {};
  for (const complexity of COMPLEXITIES) {
    const row = input[complexity];
    if (!isRecord(row)) {
      errors.push({ field: `cells.${complexity}`, message: 'must be an object keyed by revenue tier' });
      continue;
    }
    for (const key of Object.keys(row)) {
      if (!(REVENUE_TIERS as readonly string[]).includes(key)) {
        errors.push({
          field: `cells.${complexity}.${key}`,
          message: `unknown revenue tier; expected ${REVENUE_TIERS.join(', ')}`,
        });
      }
    }
    const validRow: Partial<Record<RevenueTier, MatrixRoute>> = {};
    for (const tier of REVENUE_TIERS) {
      const route = row[tier];
      if (isMatrixRoute(route)) {
        validRow[tier] = route;
      } else {
        const hint = route === 'nurture' ? ' (nurture is decided by maturity, not by a cell)' : '';
        errors.push({
          field: `cells.${complexity}.${tier}`,
          message: `must be one of ${MATRIX_ROUTES.join(', ')}${hint}`,
        });
      }
    }
    cells[complexity] = validRow as Record<RevenueTier, MatrixRoute>;
  }
  return errors.length === before ? (cells as ChannelMatrix['cells']) : null;
}

function validateThresholds(input: unknown, errors: FieldError[]): RevenueThresholds | null {
  if (!isRecord(input)) {
    errors.push({ field: 'revenueThresholds', message: 'must be an object with medium and large' });
    return null;
  }
  const { medium, large } = input;
  const positive = (value: unknown): value is number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (!positive(medium)) errors.push({ field: 'revenueThresholds.medium', message: 'must be a positive number' });
  if (!positive(large)) errors.push({ field: 'revenueThresholds.large', message: 'must be a positive number' });
  if (!positive(medium) || !positive(large)) return null;
  if (medium >= large) {
    errors.push({ field: 'revenueThresholds.large', message: 'must be greater than revenueThresholds.medium' });
    return null;
  }
  return { medium, large };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isMatrixRoute(value: unknown): value is MatrixRoute {
  return typeof value === 'string' && (MATRIX_ROUTES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The default is shared by every caller; freezing it turns an accidental edit into an error.
function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
  return Object.freeze(value);
}
