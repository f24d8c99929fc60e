const DAY_MS = 86_400_000;

/**
 * A period `[from, to)` as the funnel reads it: the full UTC days inside it, `[firstDay, endDay)`
 * in days since the epoch, counted from the per-day rollup, and the instants around them, `before`
 * = `[from, firstDay)` and `after` = `[endDay, to)`, read contact by contact. A period without a
 * full day is all `before` (and an empty `after`), with no days.
 */
export interface CohortDaySplit {
  firstDay: number;
  endDay: number;
  before: { from: Date; to: Date };
  after: { from: Date; to: Date };
}

export function splitCohortDays(from: Date, to: Date): CohortDaySplit {
  const firstDay = Math.ceil(from.getTime() / DAY_MS);
  const endDay = Math.floor(to.getTime() / DAY_MS);
  if (firstDay >= endDay) return { firstDay: 0, endDay: 0, before: { from, to }, after: { from: to, to } };
  return {
    firstDay,
    endDay,
    before: { from, to: new Date(firstDay * DAY_MS) },
    after: { from: new Date(endDay * DAY_MS), to },
  };
}
