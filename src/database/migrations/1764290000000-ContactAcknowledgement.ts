import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When the customer was sent the acknowledgement of a contact: set once, so it is never sent twice. */
export class ContactAcknowledgement1764290000000 implements MigrationInterface {
  name = 'ContactAcknowledgement1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact ADD COLUMN acknowledged_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact DROP COLUMN acknowledged_at`);
  }
}
