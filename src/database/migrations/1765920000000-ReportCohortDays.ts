import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The funnel's counts per UTC day of arrival, exact at every moment, so that a year's funnel (and
 * the cost report, which reads the funnel's counts) adds up some 33,000 day rows instead of
 * scanning a million rows of report_contact (at 1M contacts a year: 0.84-0.95 s down to 65-110 ms
 * in the query); the partial days at a period's edges are still read contact by contact:
 *
 * - `report_cohort_day (day, channel, offered, lead_route, lead_maturity, contacts)`: how many
 *   contacts that arrived on `day` (UTC days since the epoch of `created_at`) are in that state;
 * - `report_cohort_delta`, the same key with a signed count: appended, never updated.
 *
 * `offered` is a property of the contact's row alone, "first offer within 30 days (720 hours) of
 * arrival" (`report_cohort_offered`, FIRST_TOUCH_HORIZON_DAYS in src/reports), so a day's count
 * never depends on the period asked.
 *
 * Statement-level AFTER triggers on report_contact (one per event: transition tables are allowed
 * on single-event triggers only) append, per statement, -1 per old state and +1 per new state,
 * summed by key, zero sums dropped: an update that changes nothing the funnel counts (a first
 * answer, a customer) appends nothing. Appends take no row lock and the delta table has no unique
 * key, so concurrent writers never wait on each other and never deadlock; an earlier rollup that
 * upserted shared day rows from triggers deadlocked concurrent intake batches.
 *
 * A day's count is its summary row plus the sum of its deltas, in any snapshot: never stale. A
 * scheduled compaction (src/reports/report-cohort.repository.ts) moves a bounded batch of deltas
 * into the summary in one transaction (DELETE ... RETURNING, summed, upserted in key order), one
 * compactor at a time by an advisory lock; it only ever races appends, which it does not block.
 *
 * A TRUNCATE of report_contact (a cascade from contact) empties both tables. The backfill runs
 * with report_contact locked against writes (SHARE; every write to it is a trigger of a write to
 * contact, offer, assignment or lead), so no write falls between it and the triggers.
 */
export class ReportCohortDays1765920000000 implements MigrationInterface {
  name = 'ReportCohortDays1765920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE report_contact IN SHARE MODE`);
    // 30 days as 720 hours: a timestamptz plus days follows the session's time zone across a
    // clock change, hours do not. STABLE like the operators they call, so that they are inlined.
    await q.query(`
      CREATE FUNCTION report_cohort_offered(created_at timestamptz, first_offer_at timestamptz) RETURNS boolean
        LANGUAGE sql STABLE PARALLEL SAFE
        RETURN coalesce(first_offer_at < created_at + interval '720 hours', false)`);
    await q.query(`
      CREATE FUNCTION report_cohort_day_of(created_at timestamptz) RETURNS int
        LANGUAGE sql STABLE PARALLEL SAFE
        RETURN floor(date_part('epoch', created_at) / 86400)::int`);
    await q.query(`
      CREATE TABLE report_cohort_day (
        day int NOT NULL,
        channel varchar(24),
        offered boolean NOT NULL,
        lead_route varchar(16),
        lead_maturity varchar(8),
        contacts int NOT NULL,
        CONSTRAINT report_cohort_day_key UNIQUE NULLS NOT DISTINCT (day, channel, offered, lead_route, lead_maturity)
      )`);
    await q.query(`
      CREATE TABLE report_cohort_delta (
        day int NOT NULL,
        channel varchar(24),
        offered boolean NOT NULL,
        lead_route varchar(16),
        lead_maturity varchar(8),
        contacts int NOT NULL
      )`);
    await q.query(`CREATE INDEX report_cohort_delta_day_idx ON report_cohort_delta (day)`);
    await q.query(`
      INSERT INTO report_cohort_day (day, channel, offered, lead_route, lead_maturity, contacts)
      SELECT report_cohort_day_of(created_at), channel, report_cohort_offered(created_at, first_offer_at),
             lead_route, lead_maturity, count(*)::int
        FROM report_contact
       GROUP BY 1, 2, 3, 4, 5
       ORDER BY 1, 2, 3, 4, 5`);

    // The state of a report_contact row as the funnel counts it, with its sign.
    const states = (rows: string, sign: string) =>
      `SELECT report_cohort_day_of(created_at) AS day, channel, report_cohort_offered(created_at, first_offer_at) AS offered,
              lead_route, lead_maturity, ${sign} AS contacts
         FROM ${rows}`;
    const append = (union: string) => `
      INSERT INTO report_cohort_delta (day, channel, offered, lead_route, lead_maturity, contacts)
      SELECT day, channel, offered, lead_route, lead_maturity, sum(contacts)::int
        FROM (${union}) s
       GROUP BY day, channel, offered, lead_route, lead_maturity
      HAVING sum(contacts) <> 0`;
    await q.query(`
      CREATE FUNCTION report_cohort_of_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${append(states('new_rows', '1'))};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION report_cohort_of_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${append(`${states('old_rows', '-1')} UNION ALL ${states('new_rows', '1')}`)};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION report_cohort_of_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${append(states('old_rows', '-1'))};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION report_cohort_of_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE report_cohort_day, report_cohort_delta;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_cohort_insert AFTER INSERT ON report_contact
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_cohort_of_insert()`);
    await q.query(`
      CREATE TRIGGER report_cohort_update AFTER UPDATE ON report_contact
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_cohort_of_update()`);
    await q.query(`
      CREATE TRIGGER report_cohort_delete AFTER DELETE ON report_contact
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_cohort_of_delete()`);
    await q.query(`
      CREATE TRIGGER report_cohort_truncate AFTER TRUNCATE ON report_contact
        FOR EACH STATEMENT EXECUTE FUNCTION report_cohort_of_truncate()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['truncate', 'delete', 'update', 'insert']) {
      await q.query(`DROP TRIGGER report_cohort_${op} ON report_contact`);
      await q.query(`DROP FUNCTION report_cohort_of_${op}()`);
    }
    await q.query(`DROP TABLE report_cohort_delta`);
    await q.query(`DROP TABLE report_cohort_day`);
    await q.query(`DROP FUNCTION report_cohort_day_of(timestamptz)`);
    await q.query(`DROP FUNCTION report_cohort_offered(timestamptz, timestamptz)`);
  }
}
