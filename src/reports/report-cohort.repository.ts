import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

/** Arbitrary constant: the advisory lock that keeps one compaction of the funnel's days at a time. */
const COMPACTION_LOCK_KEY = 1_765_920_000;

/**
 * The funnel's per-day counts (report_cohort_day and its append-only report_cohort_delta, written
 * by the triggers of migration 1765920000000-ReportCohortDays; read by ReportsReadRepository.funnel).
 * Here only their compaction.
 */
@Injectable()
export class ReportCohortRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Moves up to `limit` deltas into the summary, in the caller's transaction: deleted and returned,
   * summed by key, upserted in key order (the summary's rows are written by this alone, so no
   * other writer waits on them). Null when another compaction holds the lock: it does the work.
   */
  async compact(limit: number): Promise<{ deltas: number; days: number } | null> {
    const [lock] = await this.db.manager.query<{ locked: boolean }[]>(
      `SELECT pg_try_advisory_xact_lock($1) AS locked`,
      [COMPACTION_LOCK_KEY],
    );
    if (!lock.locked) return null;
    const [moved] = await this.db.manager.query<{ deltas: number; days: number }[]>(
      `WITH moved AS (
              DELETE FROM report_cohort_delta
               WHERE ctid = ANY (ARRAY(SELECT ctid FROM report_cohort_delta LIMIT $1))
              RETURNING day, channel, offered, lead_route, lead_maturity, contacts),
            summed AS (
              SELECT day, channel, offered, lead_route, lead_maturity, sum(contacts)::int AS contacts, count(*)::int AS n
                FROM moved
               GROUP BY day, channel, offered, lead_route, lead_maturity),
            upserted AS (
              INSERT INTO report_cohort_day AS d (day, channel, offered, lead_route, lead_maturity, contacts)
              SELECT day, channel, offered, lead_route, lead_maturity, contacts
                FROM summed
               ORDER BY day, channel, offered, lead_route, lead_maturity
              ON CONFLICT ON CONSTRAINT report_cohort_day_key DO UPDATE SET contacts = d.contacts + EXCLUDED.contacts
              RETURNING 1)
       SELECT coalesce((SELECT sum(n) FROM summed), 0)::int AS deltas,
              (SELECT count(DISTINCT day) FROM summed)::int AS days,
              (SELECT count(*) FROM upserted)::int AS upserted`,
      [limit],
    );
    return { deltas: moved.deltas, days: moved.days };
  }
}
