import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent working a contact is its active assignment (one per contact, by the partial unique
 * index `assignment_one_active_per_contact`), so the copy kept on the contact row goes: two
 * records of one fact could only disagree.
 */
export class DeriveAssignedAgent1764700000000 implements MigrationInterface {
  name = 'DeriveAssignedAgent1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact DROP COLUMN assigned_agent_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact ADD COLUMN assigned_agent_id uuid REFERENCES app_user(id) ON DELETE SET NULL`);
    await q.query(
      `UPDATE contact c SET assigned_agent_id = a.agent_id
         FROM assignment a WHERE a.contact_id = c.id AND a.ended_at IS NULL`,
    );
  }
}
