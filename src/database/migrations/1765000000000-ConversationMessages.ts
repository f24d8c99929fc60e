import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The conversation becomes two-way:
 * - `contact_message` holds outbound messages too (replies, outbound calls): the address written
 *   to, a delivery status (`queued` | `sent` | `delivered` | `failed`; inbound ones `received`),
 *   the provider's reason for a failure, and the staff member who wrote it.
 * - `person.do_not_contact`: nothing outbound (message, call, campaign) ever reaches them.
 * - `customer.industry`, `size`, `region`: the account's place in market planning, beside its segment.
 * - `callback_task`: an agent schedules a callback at a due time (reason `scheduled`, any number of
 *   them per contact); a missed call still makes at most one task per contact.
 */
export class ConversationMessages1765000000000 implements MigrationInterface {
  name = 'ConversationMessages1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contact_message
        ADD COLUMN to_address varchar(254),
        ADD COLUMN status varchar(16) NOT NULL DEFAULT 'received'
          CHECK (status IN ('received', 'queued', 'sent', 'delivered', 'failed')),
        ADD COLUMN error text,
        ADD COLUMN author_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE person ADD COLUMN do_not_contact boolean NOT NULL DEFAULT false`);

    await q.query(`
      ALTER TABLE customer
        ADD COLUMN industry varchar(64), ADD COLUMN size varchar(32), ADD COLUMN region varchar(64)`);

    await q.query(`ALTER TABLE callback_task ADD COLUMN due_at timestamptz`);
    await q.query(`ALTER TABLE callback_task DROP CONSTRAINT callback_task_reason_check`);
    await q.query(`
      ALTER TABLE callback_task ADD CONSTRAINT callback_task_reason_check
        CHECK (reason IN ('no-answer', 'busy', 'failed', 'canceled', 'abandoned', 'scheduled'))`);
    await q.query(`ALTER TABLE callback_task DROP CONSTRAINT callback_task_contact_id_key`);
    await q.query(
      `CREATE UNIQUE INDEX callback_task_missed_call_key ON callback_task (contact_id) WHERE reason <> 'scheduled'`,
    );
    await q.query(`CREATE INDEX callback_task_due_idx ON callback_task (due_at) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX callback_task_due_idx`);
    await q.query(`DELETE FROM callback_task WHERE reason = 'scheduled'`);
    await q.query(`DROP INDEX callback_task_missed_call_key`);
    await q.query(`ALTER TABLE callback_task ADD CONSTRAINT callback_task_contact_id_key UNIQUE (contact_id)`);
    await q.query(`ALTER TABLE callback_task DROP CONSTRAINT callback_task_reason_check`);
    await q.query(`
      ALTER TABLE callback_task ADD CONSTRAINT callback_task_reason_check
        CHECK (reason IN ('no-answer', 'busy', 'failed', 'canceled', 'abandoned'))`);
    await q.query(`ALTER TABLE callback_task DROP COLUMN due_at`);
    await q.query(`ALTER TABLE customer DROP COLUMN region, DROP COLUMN size, DROP COLUMN industry`);
    await q.query(`ALTER TABLE person DROP COLUMN do_not_contact`);
    await q.query(`
      ALTER TABLE contact_message
        DROP COLUMN updated_at, DROP COLUMN author_id, DROP COLUMN error, DROP COLUMN status,
        DROP COLUMN to_address`);
  }
}
