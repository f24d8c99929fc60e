import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

/** A bucket of a day's waits to write: its channel, kind, bucket and ascending waits (ms). */
export interface RolledBucket {
  channel: string | null;
  kind: WaitKind;
  bucket: number;
  waits: number[];
}

export type WaitKind = 'offer' | 'answer';

export interface BucketCountRow {
  channel: string | null;
  kind: WaitKind;
  bucket: number;
  n: number;
}

/** Key of the advisory lock a day's roll holds: one roller per day, others skip it. */
const ROLL_LOCK = 1765900000;

/**
 * The rollup of the speed-to-lead and wait-SLA reports (migration 1765900000000-ReportWaitRollup):
 * report_wait_bucket, report_day_count, report_roll_day and report_stale_day. The roll job writes
 * a day at a time; the reports read the days that are rolled under the calendar in force and not
 * stale in their own snapshot.
 */
@Injectable()
export class ReportRollupRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Up to `limit` days before `beforeDay` to roll: the stale ones first (a late change), then the
   * days since the first contact never rolled under `calendarKey`, the most recent first (the
   * periods asked most).
   */
  async daysToRoll(beforeDay: number, calendarKey: string, limit: number): Promise<number[]> {
    const rows = await this.db.manager.query<{ day: number }[]>(
      `WITH first AS (
              SELECT floor(date_part('epoch', min(created_at)) / 86400)::int AS day FROM report_contact),
            wanted AS (
              SELECT DISTINCT day, 0 AS rank FROM report_stale_day WHERE day < $1
              UNION ALL
              SELECT g.day, 1 AS rank
                FROM first CROSS JOIN LATERAL generate_series(first.day, $1 - 1) g(day)
               WHERE NOT EXISTS (SELECT 1 FROM report_roll_day r WHERE r.day = g.day AND r.calendar_key = $2))
       SELECT day FROM wanted GROUP BY day ORDER BY min(rank), day DESC LIMIT $3`,
      [beforeDay, calendarKey, limit],
    );
    return rows.map((r) => r.day);
  }

  /** Takes the day's roll lock for this transaction; false when another roll holds it. */
  async tryLockDay(day: number): Promise<boolean> {
    const [row] = await this.db.manager.query<{ locked: boolean }[]>(
      `SELECT pg_try_advisory_xact_lock($1, $2) AS locked`,
      [ROLL_LOCK, day],
    );
    return row.locked;
  }

  /**
   * Rewrites a day's rollup, in the caller's REPEATABLE READ transaction: the stale entries this
   * snapshot sees are removed (one appended by a write it does not see stays, so the day is rolled
   * again), the day's buckets and counts replaced.
   */
  async writeDay(
    day: number,
    calendarKey: string,
    live: boolean,
    contacts: { channel: string | null; contacts: number }[],
    buckets: RolledBucket[],
  ): Promise<void> {
    const m = this.db.manager;
    await m.query(`DELETE FROM report_stale_day WHERE day = $1`, [day]);
    await m.query(`DELETE FROM report_wait_bucket WHERE day = $1`, [day]);
    await m.query(`DELETE FROM report_day_count WHERE day = $1`, [day]);
    if (contacts.length > 0) {
      await m.query(
        `INSERT INTO report_day_count (day, channel, contacts)
         SELECT $1, channel, n FROM unnest($2::varchar[], $3::int[]) x(channel, n)`,
        [day, contacts.map((c) => c.channel), contacts.map((c) => c.contacts)],
      );
    }
    if (buckets.length > 0) {
      await m.query(
        `INSERT INTO report_wait_bucket (day, channel, kind, bucket, n, waits)
         SELECT $1, channel, kind, bucket, cardinality(w), w
           FROM unnest($2::varchar[], $3::varchar[], $4::smallint[], $5::text[]) x(channel, kind, bucket, waits)
          CROSS JOIN LATERAL (SELECT string_to_array(waits, ',')::bigint[] AS w) v`,
        [
          day,
          buckets.map((b) => b.channel),
          buckets.map((b) => b.kind),
          buckets.map((b) => b.bucket),
          buckets.map((b) => b.waits.join(',')),
        ],
      );
    }
    await m.query(
      `INSERT INTO report_roll_day (day, calendar_key, live, rolled_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (day) DO UPDATE SET calendar_key = EXCLUDED.calendar_key, live = EXCLUDED.live, rolled_at = now()`,
      [day, calendarKey, live],
    );
  }

  /** Of `days`, those rolled under `calendarKey`, not to be read live, with no stale entry in this snapshot. */
  async rolledDays(days: number[], calendarKey: string): Promise<number[]> {
    if (days.length === 0) return [];
    const rows = await this.db.manager.query<{ day: number }[]>(
      `SELECT r.day FROM report_roll_day r
        WHERE r.day = ANY ($1::int[]) AND r.calendar_key = $2 AND NOT r.live
          AND NOT EXISTS (SELECT 1 FROM report_stale_day s WHERE s.day = r.day)
        ORDER BY r.day`,
      [days, calendarKey],
    );
    return rows.map((r) => r.day);
  }

  /** Contacts received per day and channel over the days. */
  async dayCounts(days: number[]): Promise<{ day: number; channel: string | null; contacts: number }[]> {
    return this.db.manager.query(`SELECT day, channel, contacts FROM report_day_count WHERE day = ANY ($1::int[])`, [
      days,
    ]);
  }

  /** The waits counted per channel, kind and bucket over the days (an index-only scan). */
  async bucketCounts(days: number[]): Promise<BucketCountRow[]> {
    return this.db.manager.query<BucketCountRow[]>(
      `SELECT channel, kind, bucket, sum(n)::int AS n FROM report_wait_bucket
        WHERE day = ANY ($1::int[]) GROUP BY channel, kind, bucket`,
      [days],
    );
  }

  /**
   * Per channel, how many waits of each edge's bucket are at most the edge, over the days: with
   * the counts of the buckets below it, the waits at most the edge (a chart's bucket, an SLA limit).
   */
  async atMostInBucket(
    days: number[],
    kind: WaitKind,
    edgesMs: number[],
    buckets: number[],
  ): Promise<{ channel: string | null; edge: number; n: number }[]> {
    if (edgesMs.length === 0) return [];
    const rows = await this.db.manager.query<{ channel: string | null; edge: string; n: number }[]>(
      `SELECT b.channel, e.i::int - 1 AS edge, sum((SELECT count(*) FROM unnest(b.waits) w WHERE w <= e.edge))::int AS n
         FROM unnest($3::bigint[], $4::smallint[]) WITH ORDINALITY e(edge, bucket, i)
         JOIN report_wait_bucket b ON b.day = ANY ($1::int[]) AND b.kind = $2 AND b.bucket = e.bucket
        GROUP BY b.channel, e.i`,
      [days, kind, edgesMs, buckets],
    );
    return rows.map((r) => ({ channel: r.channel, edge: Number(r.edge), n: r.n }));
  }

  /**
   * The k-th smallest wait (1-based) of each request's bucket over the days, among one channel's
   * waits or every channel's (`all`), together with `extra` waits of the same bucket (the days read
   * live): the exact value at a percentile's rank, picked where the waits are, one value shipped.
   */
  async pickInBuckets(
    days: number[],
    requests: { kind: WaitKind; bucket: number; all: boolean; channel: string | null; k: number; extra: number[] }[],
  ): Promise<(number | null)[]> {
    if (requests.length === 0) return [];
    const rows = await this.db.manager.query<{ i: number; value: string | null }[]>(
      `SELECT q.i::int AS i,
              (SELECT x.w FROM (SELECT unnest(b.waits) AS w FROM report_wait_bucket b
                                 WHERE b.day = ANY ($1::int[]) AND b.kind = q.kind AND b.bucket = q.bucket
                                   AND (q.every OR b.channel IS NOT DISTINCT FROM q.channel)
                                UNION ALL
                                SELECT unnest(string_to_array(q.extra, ',')::bigint[])) x
                ORDER BY x.w OFFSET q.k - 1 LIMIT 1)::text AS value
         FROM unnest($2::varchar[], $3::smallint[], $4::boolean[], $5::varchar[], $6::int[], $7::text[])
              WITH ORDINALITY q(kind, bucket, every, channel, k, extra, i)`,
      [
        days,
        requests.map((r) => r.kind),
        requests.map((r) => r.bucket),
        requests.map((r) => r.all),
        requests.map((r) => r.channel),
        requests.map((r) => r.k),
        requests.map((r) => r.extra.join(',')),
      ],
    );
    const out: (number | null)[] = requests.map(() => null);
    for (const r of rows) out[r.i - 1] = r.value === null ? null : Number(r.value);
    return out;
  }

  /**
   * Per day and channel, the contacts answered and those answered within `limitMs` of business
   * time: whole buckets below the limit's, and the limit bucket's waits up to it.
   */
  async answeredWithin(
    days: number[],
    limitMs: number,
    limitBucket: number,
  ): Promise<{ day: number; channel: string | null; answered: number; met: number }[]> {
    return this.db.manager.query(
      `WITH counted AS (
              SELECT day, channel, sum(n)::int AS answered, coalesce(sum(n) FILTER (WHERE bucket < $3), 0)::int AS below
                FROM report_wait_bucket
               WHERE day = ANY ($1::int[]) AND kind = 'answer'
               GROUP BY day, channel),
            edge AS (
              SELECT day, channel, sum((SELECT count(*) FROM unnest(waits) w WHERE w <= $2))::int AS within
                FROM report_wait_bucket
               WHERE day = ANY ($1::int[]) AND kind = 'answer' AND bucket = $3
               GROUP BY day, channel)
       SELECT c.day, c.channel, c.answered, c.below + coalesce(e.within, 0) AS met
         FROM counted c
         LEFT JOIN edge e ON e.day = c.day AND e.channel IS NOT DISTINCT FROM c.channel`,
      [days, limitMs, limitBucket],
    );
  }

  /**
   * After a run's rewrites: the visibility map and statistics brought up to date, so the counts
   * stay an index-only scan (outside any transaction; skipped while autovacuum holds the table).
   */
  async tidy(): Promise<void> {
    await this.db.manager.query(`VACUUM (ANALYZE, SKIP_LOCKED) report_wait_bucket, report_day_count, report_roll_day`);
  }
}
