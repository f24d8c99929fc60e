import type { CallingHours } from './campaign.types';

/**
 * Calling-hours window math in a campaign's IANA time zone, pure (Intl only). A window is the local
 * wall-clock span [from, to) of every day; DST is handled by converting wall times through the
 * zone's offset at that instant: a `from` that does not exist that day (spring-forward gap) opens at
 * the end of the gap, an ambiguous one (fall-back overlap) at its first occurrence.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Whether `timezone` names an IANA zone this runtime knows. */
export function isTimeZone(timezone: string): boolean {
  if (timezone.length === 0 || timezone.length > 64) return false;
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time at `at` in `timezone`. */
export function localTime(at: Date, timezone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** `timezone`'s offset from UTC at `atMs`, in ms (Tokyo: +9 h). */
function offsetAt(atMs: number, timezone: string): number {
  const l = localTime(new Date(atMs), timezone);
  const wall = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return wall - Math.floor(atMs / 1000) * 1000;
}

/** Minutes since local midnight of `HH:MM`. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The instant at which the wall clock of `timezone` shows the given local date and minute of day:
 * the earlier one when the wall time occurs twice, the end of the gap when it does not occur.
 */
export function instantOf(year: number, month: number, day: number, minuteOfDay: number, timezone: string): Date {
  const wallMs = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const offsets = [
    ...new Set([offsetAt(wallMs - DAY, timezone), offsetAt(wallMs, timezone), offsetAt(wallMs + DAY, timezone)]),
  ];
  const matching = offsets.map((o) => wallMs - o).filter((t) => offsetAt(t, timezone) === wallMs - t);
  if (matching.length > 0) return new Date(Math.min(...matching));
  // A spring-forward gap: the first minute whose wall time is past the requested one.
  let lo = wallMs - Math.max(...offsets);
  let hi = wallMs - Math.min(...offsets);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (mid + offsetAt(mid, timezone) >= wallMs) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Whether `at` falls inside the daily window. */
export function isWithinCallingHours(at: Date, hours: CallingHours): boolean {
  const l = localTime(at, hours.timezone);
  const minute = l.hour * 60 + l.minute;
  return minute >= minutesOf(hours.from) && minute < minutesOf(hours.to);
}

/**
 * The first instant at or after `at` inside the window: `at` itself when it is inside, else the
 * next opening (today's when it is still ahead, else tomorrow's).
 */
export function nextCallingTime(at: Date, hours: CallingHours): Date {
  if (isWithinCallingHours(at, hours)) return at;
  const from = minutesOf(hours.from);
  const l = localTime(at, hours.timezone);
  // Walk local days by calendar arithmetic on a UTC date, which knows nothing of DST.
  for (let addDays = 0; addDays <= 2; addDays += 1) {
    const d = new Date(Date.UTC(l.year, l.month - 1, l.day + addDays));
    const opening = instantOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), from, hours.timezone);
    if (opening.getTime() > at.getTime() && isWithinCallingHours(opening, hours)) return opening;
  }
  /* c8 ignore next */
  throw new Error(`no calling window after ${at.toISOString()} in ${hours.timezone}`);
}

/** A campaign's period and calling hours, as the dialler sees them. */
export interface DiallingWindow {
  startsAt: Date | null;
  endsAt: Date | null;
  callingHours: CallingHours | null;
}

/**
 * The first instant at or after `at` when a target may be called: inside the period and the
 * calling hours. Null when no such instant is left before the period ends.
 */
export function nextDiallingTime(at: Date, w: DiallingWindow): Date | null {
  let t = w.startsAt && w.startsAt.getTime() > at.getTime() ? w.startsAt : at;
  if (w.callingHours) t = nextCallingTime(t, w.callingHours);
  if (w.endsAt && t.getTime() >= w.endsAt.getTime()) return null;
  return t;
}

/** Whether the calling hours are a usable window (`from` before `to`, same day). */
export function isCallingWindow(hours: CallingHours): boolean {
  return isTimeZone(hours.timezone) && minutesOf(hours.from) < minutesOf(hours.to);
}
