import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL drives recovery:
 * - `outbox.done_at`: an outbox row is done when its job's handler finished (or gave up), not
 *   when BullMQ accepted it. The relay re-publishes rows published long ago and not done, so a job
 *   Redis lost runs again. Rows published before this migration count as done (the old meaning).
 * - `mail_send`: one row per message we send, committed before the SMTP call, so a retry after a
 *   dead worker finds it and never mails twice.
 */
export class WorkDoneAndMailSends1764900000000 implements MigrationInterface {
  name = 'WorkDoneAndMailSends1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN done_at timestamptz`);
    await q.query(`UPDATE outbox SET done_at = published_at WHERE published_at IS NOT NULL`);
    // The relay's look-up of work published and not done; the processors' mark, by job id.
    await q.query(
      `CREATE INDEX outbox_undone_idx ON outbox (published_at) WHERE published_at IS NOT NULL AND done_at IS NULL`,
    );
    await q.query(`CREATE INDEX outbox_job_undone_idx ON outbox (job_id) WHERE done_at IS NULL`);

    await q.query(`
      CREATE TABLE mail_send (
        key varchar(200) PRIMARY KEY,
        message_id varchar(400) NOT NULL,
        recipient varchar(320) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('sending', 'sent', 'retry', 'uncertain')),
        attempts integer NOT NULL DEFAULT 1,
        last_error text,
        transport varchar(16),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX mail_send_uncertain_idx ON mail_send (updated_at) WHERE status = 'uncertain'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_send`);
    await q.query(`DROP INDEX outbox_job_undone_idx`);
    await q.query(`DROP INDEX outbox_undone_idx`);
    await q.query(`ALTER TABLE outbox DROP COLUMN done_at`);
  }
}
