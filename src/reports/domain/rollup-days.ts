import { createHash } from 'node:crypto';

/**
 * The UTC days a report's rollup is kept by (days since the epoch of a contact's arrival) and the
 * key of the calendar its waits were measured in.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** The whole UTC days inside [fromMs, toMs) that end before `todayStart` (ms), ascending. */
export function wholeDaysBefore(fromMs: number, toMs: number, beforeDay: number): number[] {
  const first = Math.ceil(fromMs / DAY_MS);
  const end = Math.min(Math.floor(toMs / DAY_MS), beforeDay);
  const days: number[] = [];
  for (let d = first; d < end; d++) days.push(d);
  return days;
}

/** [fromMs, toMs) less the given days (ascending), as ascending disjoint ms ranges. */
export function rangesWithout(fromMs: number, toMs: number, days: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let at = fromMs;
  for (const day of days) {
    const start = day * DAY_MS;
    if (start > at) out.push([at, Math.min(start, toMs)]);
    at = Math.max(at, start + DAY_MS);
  }
  if (at < toMs) out.push([at, toMs]);
  return out.filter(([a, b]) => b > a);
}

/**
 * The key a day's rollup is kept under: a digest of the calendar's JSON with its keys in order, so
 * the same hours read back from the database give the same key and any change gives another.
 */
export function calendarKey(calendar: unknown): string {
  return createHash('sha256').update(canonical(calendar)).digest('hex').slice(0, 32);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
