import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The conversation becomes two-way:
 * - `contact_message` holds outbound messages too (replies, outbound calls): the address written
 *   to, a delivery status (`queued` | `sent` | `delivered` | `failed`; inbound ones `received`),
 *   the provider's reason for a failure, and the staff member who wrote it.
 * - `person.do_not_contact`: nothing outbound (message, call, campaign) ever reaches them.
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person DROP COLUMN do_not_contact`);
    await q.query(`
      ALTER TABLE contact_message
        DROP COLUMN updated_at, DROP COLUMN author_id, DROP COLUMN error, DROP COLUMN status,
        DROP COLUMN to_address`);
  }
}
