/** The period of a report: `[from, to)`. */
export interface ReportRange {
  from: Date;
  to: Date;
}

export interface RangeProblem {
  field: 'from' | 'to' | 'before';
  message: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Without `from`, a report covers the 30 days before `to`. */
export const DEFAULT_REPORT_DAYS = 30;
/** The longest period one report covers: a year and a day (leap years, a year-over-year split). */
export const MAX_REPORT_DAYS = 367;

/**
 * The period from the query's ISO texts (already checked to be ISO 8601 dates), with the defaults:
 * `to` is now, `from` 30 days before `to`. A problem names its field: `to` not after `from`, or a
 * period longer than MAX_REPORT_DAYS.
 */
export function reportRange(
  query: { from?: string; to?: string },
  now: Date,
): { range: ReportRange } | { problem: RangeProblem } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_REPORT_DAYS * DAY_MS);
  if (Number.isNaN(from.getTime())) return { problem: { field: 'from', message: 'from must be an ISO 8601 date' } };
  if (Number.isNaN(to.getTime())) return { problem: { field: 'to', message: 'to must be an ISO 8601 date' } };
  if (to.getTime() <= from.getTime()) return { problem: { field: 'to', message: 'to must be after from' } };
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * DAY_MS) {
    return { problem: { field: 'from', message: `a report covers at most ${MAX_REPORT_DAYS} days` } };
  }
  return { range: { from, to } };
}
