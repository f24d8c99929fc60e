import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /contacts?q=` with a whole phone number finds that number exactly (src/contacts/domain/
 * contact-search.ts): a b-tree on the sender's phone, in the order the list pages (newest first),
 * instead of the trigram index, whose posting lists for the digits every number shares ('+81',
 * '000') it read nearly whole for each search (seconds at 1,000,000 contacts).
 */
export class ContactPhoneSearch1765800000000 implements MigrationInterface {
  name = 'ContactPhoneSearch1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX contact_from_phone_idx ON contact (from_phone, created_at DESC, id DESC) WHERE from_phone IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contact_from_phone_idx`);
  }
}
