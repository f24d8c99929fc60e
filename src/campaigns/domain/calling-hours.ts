import {
  instantOfWallTime,
  isTimeZone,
  wallClockAt,
  type WallClock,
  type WallTimeRule,
} from '../../business-hours/domain/time-zone';
import type { CallingHours } from './campaign.types';

/**
 * Calling-hours window math in a campaign's IANA time zone, pure (the zone conversions are in
 * business-hours/domain/time-zone). A window is the local wall-clock span [from, to) of every day; a
 * `from` that does not exist that day (spring-forward gap) opens at the end of the gap, an
 * ambiguous one (fall-back overlap) at its first occurrence.
 */

/** A window opens at the first occurrence of `from`, or when the clock jumps past it. */
const WINDOW_OPENING: WallTimeRule = { gap: 'end-of-gap', overlap: 'earlier' };

export { isTimeZone };
export type LocalTime = WallClock;

/** The wall-clock time at `at` in `timezone`. */
export function localTime(at: Date, timezone: string): LocalTime {
  return wallClockAt(timezone, at);
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
  return new Date(instantOfWallTime(timezone, Date.UTC(year, month - 1, day, 0, minuteOfDay), WINDOW_OPENING));
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
