import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agents and sellers reports read a period's assignments one agent at a time, in start order:
 * `assignment_agent_started_idx` on (agent_id, started_at), carrying `ended_at` and `customer_key`,
 * so that
 * - an agent's busy time (the union of their assignments) is measured as gaps and islands in the
 *   index's order, with no sort and no merging of ranges;
 * - a seller's distinct customers are counted over their own slice of the period (a small set of
 *   keys each), not hashed as every (seller, customer) pair of the period at once;
 * both from index-only scans. One more index on assignment's write path, no trigger.
 */
export class TeamReportIndexes1765910000000 implements MigrationInterface {
  name = 'TeamReportIndexes1765910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX assignment_agent_started_idx ON assignment (agent_id, started_at) INCLUDE (ended_at, customer_key)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assignment_agent_started_idx`);
  }
}
