import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Callback tasks for missed calls, and the lookup of an SMS conversation by number. */
export class CallbackTasks1764305000000 implements MigrationInterface {
  name = 'CallbackTasks1764305000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE callback_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id uuid NOT NULL UNIQUE REFERENCES contact(id) ON DELETE CASCADE,
        person_id uuid REFERENCES person(id) ON DELETE SET NULL,
        phone varchar(32) NOT NULL CONSTRAINT callback_task_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
        reason varchar(16) NOT NULL CHECK (reason IN ('no-answer', 'busy', 'failed', 'canceled', 'abandoned')),
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
        language varchar(8) NOT NULL,
        assigned_agent_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX callback_task_open_idx ON callback_task (status, created_at)`);
    // The open SMS conversation of a number: newest sms contact from it.
    await q.query(
      `CREATE INDEX contact_sms_conversation_idx ON contact (from_phone, updated_at DESC) WHERE medium = 'sms'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contact_sms_conversation_idx`);
    await q.query(`DROP TABLE callback_task`);
  }
}
