/**
 * Wall clocks in IANA time zones, pure (`Intl` only, nothing here reads a clock): whether a zone
 * exists, what its wall clock shows at an instant, and at which instant it shows a given wall time.
 *
 * A wall time is handled as a number, `wallMs`: the epoch milliseconds at which UTC's wall clock
 * shows the same date and time (`Date.UTC(year, month - 1, day, hour, minute)`), so calendar
 * arithmetic on it (the next day, 90 minutes later) knows nothing of daylight saving.
 *
 * Around a clock change a wall time can occur once, twice (the autumn overlap) or not at all (the
 * spring gap). Callers say which instant they mean with a `WallTimeRule`; there is no default.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const SECOND_MS = 1000;
/** No IANA zone name is longer; longer input is refused before `Intl` sees it. */
const MAX_ZONE_LENGTH = 64;

export interface WallClock {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  /** 0 to 23. */
  hour: number;
  minute: number;
  second: number;
}

/**
 * Which instant a wall time means when the clock skips it or shows it twice.
 * - `gap: 'shift-by-gap'`: a skipped wall time moves forward by the length of the gap (02:30 on a
 *   night the clock jumps from 02:00 to 03:00 is 03:30), as `Temporal`'s "compatible".
 * - `gap: 'end-of-gap'`: a skipped wall time is the instant the clock jumps (03:00 there).
 * - `overlap: 'earlier' | 'later'`: a wall time shown twice is its first or its second occurrence.
 */
export interface WallTimeRule {
  gap: 'shift-by-gap' | 'end-of-gap';
  overlap: 'earlier' | 'later';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Whether `value` names an IANA time zone this runtime knows (`Asia/Tokyo`, `UTC`). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ZONE_LENGTH) return false;
  try {
    formatterFor(value);
    return true;
  } catch {
    return false;
  }
}

/** What the wall clock of `timezone` shows at an instant (to the second). */
export function wallClockAt(timezone: string, at: Date | number): WallClock {
  const out: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timezone).formatToParts(at)) {
    if (part.type in out) out[part.type as keyof WallClock] = Number(part.value);
  }
  return out;
}

/** A wall clock reading as `wallMs` (see the module comment). */
export function wallMsOf(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** The zone's offset from UTC at an instant, in ms (Tokyo: +9 h); whole seconds. */
export function offsetAt(timezone: string, epochMs: number): number {
  const whole = Math.floor(epochMs / SECOND_MS) * SECOND_MS;
  return wallMsOf(wallClockAt(timezone, whole)) - whole;
}

/**
 * The instant at which the wall clock of `timezone` shows `wallMs`, disambiguated by `rule` when
 * the wall time occurs twice or not at all. Epoch ms.
 */
export function instantOfWallTime(timezone: string, wallMs: number, rule: WallTimeRule): number {
  // The offsets in force a day either side and at the wall time cover any single clock change.
  const before = offsetAt(timezone, wallMs - DAY_MS);
  const offsets = [...new Set([before, offsetAt(timezone, wallMs), offsetAt(timezone, wallMs + DAY_MS)])];
  const matching = offsets.map((o) => wallMs - o).filter((t) => offsetAt(timezone, t) === wallMs - t);
  if (matching.length > 0) return rule.overlap === 'earlier' ? Math.min(...matching) : Math.max(...matching);
  // In a gap. Keeping the offset from before the change lands past the gap by as much as the wall
  // time is into it.
  if (rule.gap === 'shift-by-gap') return wallMs - before;
  // The end of the gap: the first second whose wall time is past the requested one.
  let lo = wallMs - Math.max(...offsets);
  let hi = wallMs - Math.min(...offsets);
  while (hi - lo > SECOND_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND_MS) * SECOND_MS;
    if (mid + offsetAt(timezone, mid) >= wallMs) hi = mid;
    else lo = mid;
  }
  return hi;
}
