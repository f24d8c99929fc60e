import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the 1,000,000-contact volume scenario (bench/scenarios/volume.js) found slow in
 * `GET /contacts`: a staff member's own contacts are read as a union of id sets (see
 * src/contacts/contact-scope.sql.ts), and two of its branches had no index (a lead's owner, a
 * specialist's accepted handoffs). `GET /supervisor/overview` counts the open contacts by status,
 * channel and medium and the waiting ones by age: a covering partial index makes both an
 * index-only scan of the open contacts instead of a heap read of each (152 -> 23 ms with 60,000
 * open contacts among 1,000,000).
 */
export class ContactListIndexes1765500000000 implements MigrationInterface {
  name = 'ContactListIndexes1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX lead_owner_idx ON lead (owner_id) WHERE owner_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX handoff_specialist_taken_idx ON handoff (specialist_id) WHERE status IN ('offered', 'accepted')`,
    );
    await q.query(
      `CREATE INDEX contact_open_idx ON contact (status, channel, medium, created_at)
        WHERE status IN ('received', 'queued', 'offered', 'assigned')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contact_open_idx`);
    await q.query(`DROP INDEX handoff_specialist_taken_idx`);
    await q.query(`DROP INDEX lead_owner_idx`);
  }
}
