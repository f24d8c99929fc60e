import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The opportunity lifecycle after the handoff:
 * - `lead.amount`, `expected_close_at`: the deal's forecast, moved with its stage by its owner;
 * - `lead.deal_specialist_id`: the deal specialist who accepted the handoff, from then on the
 *   lead's owner (before that, and for other routes, `owner_id`, the agent who qualified it);
 * - `lead.closed_at`, `outcome_reason`: when and why it was won or lost;
 * - `sales_plan`: the target per period (`2027-Q1`), company-wide (`owner_id` NULL) or per owner,
 *   that the pipeline's coverage is measured against.
 */
export class DealLifecycle1765040000000 implements MigrationInterface {
  name = 'DealLifecycle1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE lead
        ADD COLUMN amount numeric(20, 2) CHECK (amount >= 0),
        ADD COLUMN expected_close_at timestamptz,
        ADD COLUMN deal_specialist_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN outcome_reason text`);
    // Existing accepted handoffs make their specialist the owner, as new accepts will.
    await q.query(`
      UPDATE lead l SET deal_specialist_id = h.specialist_id
        FROM handoff h WHERE h.lead_id = l.id AND h.status = 'accepted' AND l.route = 'field'`);
    await q.query(
      `CREATE INDEX lead_deal_specialist_idx ON lead (deal_specialist_id) WHERE deal_specialist_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX lead_expected_close_idx ON lead (expected_close_at)`);
    await q.query(`
      CREATE TABLE sales_plan (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period varchar(7) NOT NULL CHECK (period ~ '^[0-9]{4}-Q[1-4]$'),
        owner_id uuid REFERENCES app_user (id) ON DELETE CASCADE,
        target numeric(20, 2) NOT NULL CHECK (target >= 0),
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One plan per period and owner; NULLS NOT DISTINCT makes the company-wide plan unique too.
    await q.query(
      `CREATE UNIQUE INDEX sales_plan_period_owner_key ON sales_plan (period, owner_id) NULLS NOT DISTINCT`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sales_plan`);
    await q.query(`
      ALTER TABLE lead DROP COLUMN amount, DROP COLUMN expected_close_at, DROP COLUMN deal_specialist_id,
        DROP COLUMN closed_at, DROP COLUMN outcome_reason`);
  }
}
