import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `business_hours`: the one calendar SLAs count in (time zone, weekly local ranges as jsonb
 * `{ "mon": [["09:00","18:00"]], ... }`, holiday dates as `YYYY-MM-DD` text). One row at most,
 * keyed by `id = true`; no row means open around the clock, as before this table existed.
 */
export class BusinessHours1765300000000 implements MigrationInterface {
  name = 'BusinessHours1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE business_hours (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        timezone varchar(64) NOT NULL,
        weekly jsonb NOT NULL CHECK (jsonb_typeof(weekly) = 'object'),
        holidays text[] NOT NULL DEFAULT '{}',
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE business_hours`);
  }
}
