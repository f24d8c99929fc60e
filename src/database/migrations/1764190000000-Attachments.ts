import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1764190000000 implements MigrationInterface {
  name = 'Attachments1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id uuid NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL CHECK (kind IN ('attachment', 'recording', 'fax_document')),
        filename varchar(255) NOT NULL,
        content_type varchar(255) NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        sha256 varchar(64) NOT NULL,
        storage_key varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX attachment_contact_idx ON attachment (contact_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachment`);
  }
}
