import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollup of the speed-to-lead and wait-SLA reports, per UTC day of arrival (days since the
 * epoch of report_contact.created_at), so that a year is read from a few hundred rows per day
 * instead of measuring every contact of it:
 *
 * - `report_wait_bucket`: per day, channel, kind (`offer`: arrival to first offer, `answer`: to
 *   first answer) and log-linear bucket (src/reports/domain/wait-buckets.ts), how many business
 *   waits (ms, negative read 0) fall in it and the waits themselves, ascending. The covering index
 *   makes a period's counts an index-only scan; only the buckets holding a percentile's rank are
 *   read whole.
 * - `report_day_count`: per day and channel, the contacts received.
 * - `report_roll_day`: the days rolled, with the key of the calendar their waits were measured in
 *   (a calendar change makes every day unrolled until rolled again); `live` when the day must stay
 *   read from report_contact (an arrival whose ms rounding falls on the next day).
 * - `report_stale_day`: the days whose report_contact rows changed since they were rolled, appended
 *   by statement triggers (one row per day per statement). No key and no update: concurrent
 *   writers only ever append, never wait on one another. The roll job deletes the entries it has
 *   seen when it rewrites the day.
 *
 * Only the roll job (src/reports/report-roll.service.ts) writes the first three.
 */
export class ReportWaitRollup1765900000000 implements MigrationInterface {
  name = 'ReportWaitRollup1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_wait_bucket (
        day int NOT NULL,
        channel varchar(24),
        kind varchar(8) NOT NULL CHECK (kind IN ('offer', 'answer')),
        bucket smallint NOT NULL,
        n int NOT NULL,
        waits bigint[] NOT NULL
      )`);
    await q.query(
      `CREATE INDEX report_wait_bucket_day_idx ON report_wait_bucket (day, kind, bucket) INCLUDE (channel, n)`,
    );
    await q.query(`
      CREATE TABLE report_day_count (
        day int NOT NULL,
        channel varchar(24),
        contacts int NOT NULL
      )`);
    await q.query(`CREATE INDEX report_day_count_day_idx ON report_day_count (day) INCLUDE (channel, contacts)`);
    await q.query(`
      CREATE TABLE report_roll_day (
        day int PRIMARY KEY,
        calendar_key varchar(64) NOT NULL,
        live boolean NOT NULL DEFAULT false,
        rolled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE TABLE report_stale_day (day int NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX report_stale_day_day_idx ON report_stale_day (day)`);
    await this.createTriggers(q);
  }

  /** The statement triggers appending the days a write touched (transition tables: one insert per statement). */
  async createTriggers(q: QueryRunner): Promise<void> {
    const day = (table: string) => `SELECT DISTINCT floor(date_part('epoch', created_at) / 86400)::int FROM ${table}`;
    await q.query(`
      CREATE OR REPLACE FUNCTION report_stale_of_new() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_stale_day (day) ${day('new_rows')};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION report_stale_of_old() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_stale_day (day) ${day('old_rows')};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION report_stale_of_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO report_stale_day (day) ${day('old_rows')} UNION ${day('new_rows')};
        RETURN NULL;
      END $$`);
    // A truncate (of contact, cascading) leaves no day to read from the rollup: all are unrolled.
    await q.query(`
      CREATE OR REPLACE FUNCTION report_stale_of_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM report_roll_day;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_stale_truncate AFTER TRUNCATE ON report_contact
        FOR EACH STATEMENT EXECUTE FUNCTION report_stale_of_truncate()`);
    await q.query(`
      CREATE TRIGGER report_stale_insert AFTER INSERT ON report_contact
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_stale_of_new()`);
    await q.query(`
      CREATE TRIGGER report_stale_update AFTER UPDATE ON report_contact
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_stale_of_change()`);
    await q.query(`
      CREATE TRIGGER report_stale_delete AFTER DELETE ON report_contact
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_stale_of_old()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['delete', 'update', 'insert', 'truncate'])
      await q.query(`DROP TRIGGER IF EXISTS report_stale_${op} ON report_contact`);
    for (const fn of ['truncate', 'change', 'old', 'new']) await q.query(`DROP FUNCTION report_stale_of_${fn}()`);
    await q.query(`DROP TABLE report_stale_day`);
    await q.query(`DROP TABLE report_roll_day`);
    await q.query(`DROP TABLE report_day_count`);
    await q.query(`DROP TABLE report_wait_bucket`);
  }
}
