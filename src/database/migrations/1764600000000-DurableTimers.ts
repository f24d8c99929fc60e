import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timers live in PostgreSQL: an outbox row with a due time (`run_at`) stays unpublished until it
 * is due, so a Redis flush cannot lose an offer timeout or a handoff SLA. Two partial indexes, one
 * for work to publish at once (by id) and one for timers (by due time), keep the relay's claim and
 * its "when is the next one due" query off the rows waiting for their day.
 */
export class DurableTimers1764600000000 implements MigrationInterface {
  name = 'DurableTimers1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS outbox_unpublished_idx`);
    await q.query(`CREATE INDEX outbox_ready_idx ON outbox (id) WHERE published_at IS NULL AND run_at IS NULL`);
    await q.query(`CREATE INDEX outbox_timer_idx ON outbox (run_at) WHERE published_at IS NULL AND run_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_timer_idx`);
    await q.query(`DROP INDEX outbox_ready_idx`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
  }
}
