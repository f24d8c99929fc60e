/**
 * Business time: the hours a contact center is open, and SLA arithmetic that counts only those
 * hours (a handoff at 17:55 on a Friday with a 4-hour SLA in a 09:00-18:00 week is due at 12:55 on
 * Monday). Pure: time zones come from `Intl`, nothing here reads a clock.
 *
 * A calendar is a weekly pattern of local opening ranges plus holidays (local dates on which it is
 * closed all day). Ranges are `[start, end)` in local wall time, `end` after `start` on the same
 * day; `"24:00"` ends a range at midnight, so `00:00-24:00` every day is open around the clock. An
 * overnight range (22:00-06:00) is written as two ranges, one on each day.
 *
 * Daylight-saving changes follow the wall clock: a day of 09:00-18:00 is 9 hours on a normal day
 * and stays 9 hours across a change at 02:00. A range boundary that falls in the spring gap moves
 * forward by the gap (02:30 becomes 03:30), and one in the autumn overlap takes the earlier instant,
 * as `Temporal`'s "compatible" disambiguation does.
 */

import { instantOfWallTime, isTimeZone, wallClockAt, type WallTimeRule } from './time-zone';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local opening range, `["09:00", "18:00"]`. */
export type OpeningRange = [string, string];

export interface BusinessCalendar {
  /** IANA time zone the weekly hours and holidays are read in, e.g. `Asia/Tokyo`. */
  timezone: string;
  weekly: Record<Weekday, Array<[string, string]>>;
  /** Local dates (YYYY-MM-DD in `timezone`) closed all day. */
  holidays: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far ahead a search for an open hour looks before deciding the calendar never opens. */
const SEARCH_LIMIT_DAYS = 3 * 366;

const ALL_DAY: Array<[string, string]> = [['00:00', '24:00']];

/** Open around the clock with no holidays: what SLAs behave like when no business hours are set. */
export const ALWAYS_OPEN: BusinessCalendar = Object.freeze({
  timezone: 'UTC',
  weekly: Object.freeze({
    mon: ALL_DAY,
    tue: ALL_DAY,
    wed: ALL_DAY,
    thu: ALL_DAY,
    fri: ALL_DAY,
    sat: ALL_DAY,
    sun: ALL_DAY,
  }),
  holidays: [],
});

/** Thrown when a calendar has no open hour within the search limit (all days closed). */
export class NeverOpenError extends RangeError {
  constructor(timezone: string) {
    super(`the business calendar (${timezone}) has no open hour in the next ${SEARCH_LIMIT_DAYS} days`);
    this.name = 'NeverOpenError';
  }
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

export interface CalendarProblem {
  /** The field at fault, as a path: `timezone`, `weekly.mon[1]`, `holidays[0]`. */
  field: string;
  message: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after local midnight of `"HH:MM"` (`"24:00"` is 1440), or null when malformed. */
export function parseClockTime(value: unknown): number | null {
  if (typeof value !== 'string' || !HHMM.test(value)) return null;
  const [h, m] = value.split(':').map(Number);
  return h * 60 + m;
}

export function isValidIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Every problem of a would-be calendar, each naming its field; empty when it is valid. Refuses
 * unknown time zones, malformed or empty ranges (end not after start, so overnight ranges are
 * written as two), overlapping ranges on a day, bad dates, and a week with no open hour.
 */
export function calendarProblems(input: unknown): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [{ field: 'body', message: 'must be an object { timezone, weekly, holidays }' }];
  }
  const value = input as Record<string, unknown>;
  if (!isTimeZone(value.timezone)) {
    problems.push({ field: 'timezone', message: 'must be a known IANA time zone, e.g. Asia/Tokyo' });
  }
  const weekly = value.weekly;
  let openMinutes = 0;
  if (typeof weekly !== 'object' || weekly === null || Array.isArray(weekly)) {
    problems.push({ field: 'weekly', message: 'must be an object with mon..sun, each a list of ["HH:MM","HH:MM"]' });
  } else {
    const days = weekly as Record<string, unknown>;
    for (const key of Object.keys(days)) {
      if (!(WEEKDAYS as readonly string[]).includes(key)) {
        problems.push({ field: `weekly.${key}`, message: `unknown day; use ${WEEKDAYS.join(', ')}` });
      }
    }
    for (const day of WEEKDAYS) {
      const ranges = days[day];
      if (ranges === undefined) continue; // a missing day is closed
      if (!Array.isArray(ranges)) {
        problems.push({ field: `weekly.${day}`, message: 'must be a list of ["HH:MM","HH:MM"]' });
        continue;
      }
      const parsed: { start: number; end: number; index: number }[] = [];
      ranges.forEach((range: unknown, index) => {
        const field = `weekly.${day}[${index}]`;
        if (!Array.isArray(range) || range.length !== 2) {
          problems.push({ field, message: 'must be a pair ["HH:MM","HH:MM"]' });
          return;
        }
        const start = parseClockTime(range[0]);
        const end = parseClockTime(range[1]);
        if (start === null || start === 24 * 60) {
          problems.push({ field, message: `start ${JSON.stringify(range[0])} must be HH:MM from 00:00 to 23:59` });
          return;
        }
        if (end === null) {
          problems.push({ field, message: `end ${JSON.stringify(range[1])} must be HH:MM from 00:01 to 24:00` });
          return;
        }
        if (end <= start) {
          problems.push({
            field,
            message: 'end must be after start on the same day; write an overnight range as two ranges',
          });
          return;
        }
        parsed.push({ start, end, index });
      });
      parsed.sort((a, b) => a.start - b.start);
      for (let i = 1; i < parsed.length; i++) {
        if (parsed[i].start < parsed[i - 1].end) {
          problems.push({
            field: `weekly.${day}[${parsed[i].index}]`,
            message: `overlaps weekly.${day}[${parsed[i - 1].index}]`,
          });
        }
      }
      openMinutes += parsed.reduce((sum, r) => sum + (r.end - r.start), 0);
    }
    if (problems.every((p) => !p.field.startsWith('weekly')) && openMinutes === 0) {
      problems.push({ field: 'weekly', message: 'must have at least one open range in the week' });
    }
  }
  const holidays = value.holidays;
  if (holidays !== undefined) {
    if (!Array.isArray(holidays)) {
      problems.push({ field: 'holidays', message: 'must be a list of dates YYYY-MM-DD' });
    } else {
      holidays.forEach((date: unknown, index) => {
        if (!isValidIsoDate(date)) {
          problems.push({ field: `holidays[${index}]`, message: `${JSON.stringify(date)} is not a date YYYY-MM-DD` });
        }
      });
    }
  }
  return problems;
}

/**
 * A calendar from input `calendarProblems` found valid: missing days become closed, ranges are
 * sorted, holidays sorted and deduplicated.
 */
export function normalizeCalendar(input: {
  timezone: string;
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  holidays?: string[];
}): BusinessCalendar {
  const weekly = {} as Record<Weekday, Array<[string, string]>>;
  for (const day of WEEKDAYS) {
    weekly[day] = [...(input.weekly[day] ?? [])]
      .map((r): [string, string] => [r[0], r[1]])
      .sort((a, b) => (parseClockTime(a[0]) ?? 0) - (parseClockTime(b[0]) ?? 0));
  }
  return { timezone: input.timezone, weekly, holidays: [...new Set(input.holidays ?? [])].sort() };
}

// ---------------------------------------------------------------------------------------------
// Local days and wall times (the zone conversions are in ./time-zone)
// ---------------------------------------------------------------------------------------------

/**
 * Range boundaries follow `Temporal`'s "compatible" rule: one in the spring gap moves forward by
 * the gap, one in the autumn overlap is its earlier instant.
 */
const RANGE_BOUNDARY: WallTimeRule = { gap: 'shift-by-gap', overlap: 'earlier' };

/** The instant of a local wall time (minutes after local midnight of a local date). */
function instantOf(timezone: string, localDay: number, minutes: number): number {
  // `localDay` is the local date as a UTC midnight epoch, so the sum is the wall time read as UTC.
  return instantOfWallTime(timezone, localDay + minutes * 60_000, RANGE_BOUNDARY);
}

/** The local date of an instant, as the UTC midnight epoch of that date. */
function localDayOf(timezone: string, epochMs: number): number {
  const p = wallClockAt(timezone, epochMs);
  return Date.UTC(p.year, p.month - 1, p.day);
}

function isoDate(localDay: number): string {
  return new Date(localDay).toISOString().slice(0, 10);
}

function weekdayOf(localDay: number): Weekday {
  // getUTCDay: 0 = Sunday.
  return WEEKDAYS[(new Date(localDay).getUTCDay() + 6) % 7];
}

// ---------------------------------------------------------------------------------------------
// Open intervals
// ---------------------------------------------------------------------------------------------

type Interval = [number, number];

const intervalCache = new WeakMap<BusinessCalendar, Map<number, Interval[]>>();
const CACHE_DAYS = 4096;

/** The open intervals of one local day, as instants, sorted and merged. */
function intervalsOfDay(cal: BusinessCalendar, localDay: number): Interval[] {
  let byDay = intervalCache.get(cal);
  if (!byDay) {
    byDay = new Map();
    intervalCache.set(cal, byDay);
  }
  const cached = byDay.get(localDay);
  if (cached) return cached;
  const intervals: Interval[] = [];
  if (!cal.holidays.includes(isoDate(localDay))) {
    const ranges = [...cal.weekly[weekdayOf(localDay)]]
      .map(([s, e]) => [parseClockTime(s), parseClockTime(e)] as const)
      .filter((r): r is readonly [number, number] => r[0] !== null && r[1] !== null && r[1] > r[0])
      .sort((a, b) => a[0] - b[0]);
    for (const [startMin, endMin] of ranges) {
      const start = instantOf(cal.timezone, localDay, startMin);
      const end = instantOf(cal.timezone, localDay, endMin);
      if (end <= start) continue; // a range that fell entirely in the spring gap
      const last = intervals[intervals.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else intervals.push([start, end]);
    }
  }
  if (byDay.size >= CACHE_DAYS) byDay.clear();
  byDay.set(localDay, intervals);
  return intervals;
}

/**
 * Open intervals in time order that end after `from`, the first one clipped to start no earlier
 * than `from`. Throws NeverOpenError after a run of closed days longer than the search limit.
 */
function* openIntervalsFrom(cal: BusinessCalendar, from: number): Generator<Interval> {
  // Start a day early: with offsets near ±14 h a range of the previous local day can still be open.
  let day = localDayOf(cal.timezone, from) - DAY_MS;
  let closedDays = 0;
  for (;;) {
    const intervals = intervalsOfDay(cal, day).filter(([, end]) => end > from);
    closedDays = intervals.length > 0 ? 0 : closedDays + 1;
    if (closedDays > SEARCH_LIMIT_DAYS) throw new NeverOpenError(cal.timezone);
    for (const [start, end] of intervals) yield [Math.max(start, from), end];
    day += DAY_MS;
  }
}

function isAlwaysOpen(cal: BusinessCalendar): boolean {
  return (
    cal === ALWAYS_OPEN ||
    (cal.holidays.length === 0 &&
      WEEKDAYS.every((d) => cal.weekly[d].some(([s, e]) => parseClockTime(s) === 0 && parseClockTime(e) === 24 * 60)))
  );
}

// ---------------------------------------------------------------------------------------------
// The arithmetic
// ---------------------------------------------------------------------------------------------

/** Whether the business is open at an instant (ranges are start-inclusive, end-exclusive). */
export function isOpen(cal: BusinessCalendar, at: Date): boolean {
  if (isAlwaysOpen(cal)) return true;
  const t = at.getTime();
  const today = localDayOf(cal.timezone, t);
  return [today - DAY_MS, today].some((day) => intervalsOfDay(cal, day).some(([s, e]) => s <= t && t < e));
}

/** The next instant the business is open: `at` itself when open. */
export function nextOpening(cal: BusinessCalendar, at: Date): Date {
  if (isAlwaysOpen(cal)) return new Date(at.getTime());
  for (const [start] of openIntervalsFrom(cal, at.getTime())) return new Date(start);
  throw new NeverOpenError(cal.timezone);
}

/**
 * When the business next closes after `at` (the end of the open stretch `at` is in, or of the next
 * one when closed); null for a calendar that never closes.
 */
export function nextClosing(cal: BusinessCalendar, at: Date): Date | null {
  if (isAlwaysOpen(cal)) return null;
  const horizon = at.getTime() + SEARCH_LIMIT_DAYS * DAY_MS;
  let stretch: Interval | null = null;
  for (const interval of openIntervalsFrom(cal, at.getTime())) {
    // Ranges that touch (23:00-24:00, then 00:00-01:00) are one open stretch.
    if (stretch && interval[0] > stretch[1]) return new Date(stretch[1]);
    stretch = stretch ? [stretch[0], interval[1]] : interval;
    if (stretch[1] > horizon) return null;
  }
  throw new NeverOpenError(cal.timezone);
}

/**
 * The instant `ms` of open time after `from`: the due date of an SLA. Time before the first opening
 * does not count; a budget that runs out exactly at closing is due at closing (18:00), not at the
 * next opening. `ms` must be a finite number >= 0.
 */
export function addBusinessTime(cal: BusinessCalendar, from: Date, ms: number): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`business time to add must be >= 0 ms, got ${ms}`);
  if (isAlwaysOpen(cal)) return new Date(from.getTime() + ms);
  let remaining = ms;
  for (const [start, end] of openIntervalsFrom(cal, from.getTime())) {
    if (remaining <= end - start) return new Date(start + remaining);
    remaining -= end - start;
  }
  throw new NeverOpenError(cal.timezone);
}

/**
 * The latest instant with `ms` of open time between it and `to`: the start a wait must be older
 * than to be over an SLA of `ms` at `to` (the inverse of addBusinessTime). `ms` must be >= 0.
 */
export function subtractBusinessTime(cal: BusinessCalendar, to: Date, ms: number): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`business time to subtract must be >= 0 ms, got ${ms}`);
  const t = to.getTime();
  if (isAlwaysOpen(cal) || ms === 0) return new Date(t - ms);
  let remaining = ms;
  let closedDays = 0;
  for (let day = localDayOf(cal.timezone, t) + DAY_MS; closedDays <= SEARCH_LIMIT_DAYS; day -= DAY_MS) {
    const intervals = intervalsOfDay(cal, day).filter(([start]) => start < t);
    closedDays = intervals.length > 0 ? 0 : closedDays + 1;
    for (let i = intervals.length - 1; i >= 0; i--) {
      const [start, end] = [intervals[i][0], Math.min(intervals[i][1], t)];
      if (remaining <= end - start) return new Date(end - remaining);
      remaining -= end - start;
    }
  }
  throw new NeverOpenError(cal.timezone);
}

/**
 * Milliseconds of open time between two instants. Antisymmetric: negative when `to` is before
 * `from`, so `businessTimeBetween(cal, a, b) === -businessTimeBetween(cal, b, a)`.
 */
export function businessTimeBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b < a) return -businessTimeBetween(cal, to, from);
  if (isAlwaysOpen(cal)) return b - a;
  let total = 0;
  // The search limit only guards against calendars that never open; here `b` bounds the walk.
  let day = localDayOf(cal.timezone, a) - DAY_MS;
  const lastDay = localDayOf(cal.timezone, b) + DAY_MS;
  for (; day <= lastDay; day += DAY_MS) {
    for (const [start, end] of intervalsOfDay(cal, day)) {
      const s = Math.max(start, a);
      const e = Math.min(end, b);
      if (e > s) total += e - s;
    }
  }
  return total;
}

/** The locale a customer's language is written in (dates, weekdays). */
export const LOCALE_OF_LANGUAGE: Readonly<Record<string, string>> = { ja: 'ja-JP', zh: 'zh-CN', en: 'en-US' };

/**
 * An instant as a caller hears it: date and time in the business time zone and the caller's
 * language, without the zone's name (text-to-speech would spell it out).
 */
export function formatForCaller(cal: BusinessCalendar, at: Date, language: string): string {
  return new Intl.DateTimeFormat(LOCALE_OF_LANGUAGE[language] ?? language, {
    timeZone: cal.timezone,
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

/**
 * An instant written for a customer in the business's time zone and the customer's language, e.g.
 * "Monday, December 7, 2026 at 9:00 AM (America/New_York)" or "2026年12月7日月曜日 9:00 (Asia/Tokyo)".
 */
export function formatInBusinessTime(cal: BusinessCalendar, at: Date, locale: string): string {
  const text = new Intl.DateTimeFormat(LOCALE_OF_LANGUAGE[locale] ?? locale, {
    timeZone: cal.timezone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(at);
  return `${text} (${cal.timezone})`;
}
