import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports read the tables that own the facts (contact, offer, assignment, lead, handoff,
 * backoffice_task) through these indexes, so no summary has to be kept on the write path; and the
 * channel costs that cost per lead and per won deal divide.
 *
 * - offer and assignment by time, carrying the columns the agents report counts (index-only scans);
 * - the first human answer of a contact (assignment by contact and start);
 * - won and lost deals by close date (sellers' cycle time), handoffs by offer time, back-office
 *   tasks by creation (SLA attainment).
 */
export class Reports1765400000000 implements MigrationInterface {
  name = 'Reports1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_channel_cost (
        channel varchar(24) PRIMARY KEY CHECK (channel IN ('e_coverage', 'e_sales', 'demand_generation')),
        per_day numeric(16, 2) NOT NULL DEFAULT 0 CHECK (per_day >= 0),
        per_contact numeric(16, 2) NOT NULL DEFAULT 0 CHECK (per_contact >= 0),
        currency varchar(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX offer_created_idx ON offer (created_at) INCLUDE (agent_id, status, contact_id)`);
    await q.query(`CREATE INDEX assignment_contact_started_idx ON assignment (contact_id, started_at)`);
    await q.query(
      `CREATE INDEX assignment_started_idx ON assignment (started_at) INCLUDE (agent_id, contact_id, ended_at)`,
    );
    await q.query(`CREATE INDEX lead_closed_idx ON lead (closed_at) WHERE closed_at IS NOT NULL`);
    await q.query(`CREATE INDEX handoff_offered_idx ON handoff (offered_at)`);
    await q.query(`CREATE INDEX backoffice_task_created_idx ON backoffice_task (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'backoffice_task_created_idx',
      'handoff_offered_idx',
      'lead_closed_idx',
      'assignment_started_idx',
      'assignment_contact_started_idx',
      'offer_created_idx',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`DROP TABLE report_channel_cost`);
  }
}
