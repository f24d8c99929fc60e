import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working a contact: transfer, internal notes, wrap-up with a disposition.
 * - `contact.prefer_last_agent`: the next offer of the contact goes first to its last agent (set
 *   when a new inbound message reopens it); used once, by the next offer made.
 * - `contact.disposition` / `wrapped_up_at`: how the agent finished the contact.
 * - `contact_note`: internal notes, never sent to the customer.
 * - `disposition`: the configurable list of wrap-up codes, seeded with the defaults.
 */
export class WorkingContacts1765020000000 implements MigrationInterface {
  name = 'WorkingContacts1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contact
        ADD COLUMN prefer_last_agent boolean NOT NULL DEFAULT false,
        ADD COLUMN disposition varchar(40),
        ADD COLUMN wrapped_up_at timestamptz`);
    await q.query(`
      CREATE TABLE contact_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id uuid NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        author_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contact_note_contact_idx ON contact_note (contact_id, created_at)`);
    await q.query(`
      CREATE TABLE disposition (
        code varchar(40) PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
        label varchar(120) NOT NULL,
        position int NOT NULL,
        requires_callback_at boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO disposition (code, label, position, requires_callback_at) VALUES
        ('answered', 'Answered', 1, false),
        ('quote_sent', 'Quote sent', 2, false),
        ('seminar_registered', 'Registered for a seminar', 3, false),
        ('qualified', 'Qualified', 4, false),
        ('no_answer', 'No answer', 5, false),
        ('wrong_number', 'Wrong number', 6, false),
        ('not_interested', 'Not interested', 7, false),
        ('do_not_contact', 'Do not contact', 8, false),
        ('callback_scheduled', 'Callback scheduled', 9, true)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disposition`);
    await q.query(`DROP TABLE contact_note`);
    await q.query(`
      ALTER TABLE contact
        DROP COLUMN wrapped_up_at, DROP COLUMN disposition, DROP COLUMN prefer_last_agent`);
  }
}
