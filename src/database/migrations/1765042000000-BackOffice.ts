import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The back office takes the paperwork (DESIGN.md idea 4):
 * - `backoffice_order`: what was sold, from a won lead (at most one per lead) or an e-Sales order
 *   placed on a contact;
 * - `backoffice_task`: the order's `contract`, `order_entry` and `billing` tasks, each due within
 *   its SLA, worked by back-office staff from one shared worklist; `overdue_alerted_at` makes the
 *   supervisors' alert happen once.
 */
export class BackOffice1765042000000 implements MigrationInterface {
  name = 'BackOffice1765042000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE backoffice_order (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source varchar(16) NOT NULL CHECK (source IN ('won_lead', 'e_sales_order')),
        lead_id uuid UNIQUE REFERENCES lead (id) ON DELETE SET NULL,
        contact_id uuid NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
        product_line varchar(64),
        quantity integer CHECK (quantity > 0),
        amount numeric(20, 2) CHECK (amount >= 0),
        placed_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        summary text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE backoffice_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES backoffice_order (id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL CHECK (kind IN ('contract', 'order_entry', 'billing')),
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
        assignee_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        note text,
        due_at timestamptz NOT NULL,
        done_at timestamptz,
        overdue_alerted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (order_id, kind)
      )`);
    await q.query(`CREATE INDEX backoffice_task_worklist_idx ON backoffice_task (status, due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE backoffice_task`);
    await q.query(`DROP TABLE backoffice_order`);
  }
}
