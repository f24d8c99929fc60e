import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContactMessages1764200000000 implements MigrationInterface {
  name = 'ContactMessages1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id uuid NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        direction varchar(8) NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        medium varchar(16) NOT NULL CHECK (medium IN ('web', 'voice', 'sms', 'email', 'fax')),
        source varchar(32) NOT NULL,
        external_id varchar(255),
        from_address varchar(254),
        subject varchar(500),
        body text NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX contact_message_source_external_id_key ON contact_message (source, external_id) WHERE external_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX contact_message_contact_idx ON contact_message (contact_id, created_at)`);
    await q.query(`ALTER TABLE attachment ADD COLUMN message_id uuid REFERENCES contact_message(id) ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attachment DROP COLUMN message_id`);
    await q.query(`DROP TABLE contact_message`);
  }
}
