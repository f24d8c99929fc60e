/**
 * Text every entry accepts: PostgreSQL's text and jsonb cannot hold NUL (U+0000), a lone UTF-16
 * surrogate is not a character (jsonb refuses it, `encodeURIComponent` throws on it), and a value
 * nested deeper than any request needs only serves to exhaust the stack of whatever walks it.
 *
 * Pure and framework-free: the HTTP edge (input-guard.interceptor.ts), the socket payload parser and
 * the jsonb column helper all use it. Walks are iterative, so no input can overflow the stack here.
 */

/** Deepest nesting of objects and arrays any body or socket payload may have. */
export const MAX_INPUT_DEPTH = 32;

export type InputProblemKind = 'too_deep' | 'nul' | 'lone_surrogate';

export interface InputProblem {
  kind: InputProblemKind;
  /** Dotted path of the field (`facts.budget`, `items.3.name`); `body` for the whole value. */
  field: string;
  message: string;
}

const NUL = '\u0000';
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const ANY_SURROGATE = /[\ud800-\udfff]/;

/** What is wrong with this one string, or null. */
export function textProblem(text: string): 'nul' | 'lone_surrogate' | null {
  if (text.includes(NUL)) return 'nul';
  // Most text has no surrogate at all: a plain character class settles it before the lookarounds.
  if (ANY_SURROGATE.test(text) && LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return null;
}

/** True when `text` can be stored and encoded as it is. */
export const isSafeText = (text: string): boolean => textProblem(text) === null;

/** NUL removed, each lone surrogate replaced by U+FFFD (what a decoder does with a broken sequence). */
export function cleanText(text: string): string {
  if (isSafeText(text)) return text;
  return text.replaceAll(NUL, '').replace(LONE_SURROGATES, '\ufffd');
}

const messages: Record<InputProblemKind, string> = {
  too_deep: `is nested deeper than ${MAX_INPUT_DEPTH} levels`,
  nul: 'must not contain NUL characters',
  lone_surrogate: 'must not contain unpaired UTF-16 surrogates (not valid Unicode)',
};

const problem = (kind: InputProblemKind, path: string[], root: string): InputProblem => {
  const field = path.length > 0 ? path.join('.') : root;
  return { kind, field, message: `${field} ${messages[kind]}` };
};

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * The first problem in a parsed value (JSON, a form, a socket payload): too deep, or a string (key
 * or value) with NUL or a lone surrogate. Null when the value is fine.
 */
export function findInputProblem(
  value: unknown,
  options: { maxDepth?: number; root?: string } = {},
): InputProblem | null {
  const maxDepth = options.maxDepth ?? MAX_INPUT_DEPTH;
  const root = options.root ?? 'body';
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const kind = textProblem(current);
      if (kind) return problem(kind, path, root);
      continue;
    }
    if (!isContainer(current)) continue;
    if (path.length >= maxDepth) return problem('too_deep', path.slice(0, 3), root);
    for (const [key, child] of Object.entries(current)) {
      const kind = textProblem(key);
      if (kind) return problem(kind, [...path, cleanText(key)], root);
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

/** Depth of nesting only (0 for a scalar); stops counting at `limit + 1`. */
export function nestingDepth(value: unknown, limit = MAX_INPUT_DEPTH): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (!isContainer(current)) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return deepest;
}

/**
 * The same value with every string (keys included) cleaned by `cleanText`; plain objects and arrays
 * are copied only where something changed. Meant for parsed input (no cycles).
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item: unknown) => {
      const cleaned = cleanDeep(item);
      if (cleaned !== item) changed = true;
      return cleaned;
    });
    return (changed ? out : value) as T;
  }
  // Dates, Buffers and other class instances are not parsed input: left alone.
  if (isContainer(value) && !isPlainObject(value)) return value;
  if (isContainer(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const k = cleanText(key);
      const c: unknown = cleanDeep(child as unknown);
      if (k !== key || c !== child) changed = true;
      out[k] = c;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
