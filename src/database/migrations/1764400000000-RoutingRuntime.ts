import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routing runtime: agents' routing profiles, offers, assignments, leads, the versioned channel
 * matrix, handoffs to deal specialists, the partner registry, and delayed outbox rows.
 *
 * The invariants the runtime relies on are indexes, not only code: one pending offer per contact,
 * one active assignment per contact, one open handoff per lead. Concurrent processes that get past
 * the locks by a bug still cannot break them.
 */
export class RoutingRuntime1764400000000 implements MigrationInterface {
  name = 'RoutingRuntime1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // Timeouts and SLAs are delayed jobs written in the same transaction as the state they guard.
    await q.query(`ALTER TABLE outbox ADD COLUMN run_at timestamptz`);

    // What routing needs about a user beyond users.skills: capacity per medium, a deal specialist's
    // territories, industries and maximum of open leads, and the durable record of presence.
    await q.query(`
      CREATE TABLE agent_profile (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        capacity jsonb NOT NULL DEFAULT '{}',
        territories text[] NOT NULL DEFAULT '{}',
        industries text[] NOT NULL DEFAULT '{}',
        max_open_leads integer NOT NULL DEFAULT 20 CHECK (max_open_leads > 0),
        presence varchar(16) NOT NULL DEFAULT 'offline' CHECK (presence IN ('available', 'away', 'offline')),
        presence_changed_at timestamptz,
        idle_since timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE offer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id uuid NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        medium varchar(16) NOT NULL,
        channel varchar(24),
        status varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'revoked')),
        reason text NOT NULL,
        decision_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        decided_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX offer_one_pending_per_contact ON offer (contact_id) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX offer_agent_pending_idx ON offer (agent_id, medium) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX offer_contact_idx ON offer (contact_id, created_at)`);

    await q.query(`
      CREATE TABLE assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id uuid NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        offer_id uuid REFERENCES offer(id) ON DELETE SET NULL,
        medium varchar(16) NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        end_reason text
      )`);
    await q.query(
      `CREATE UNIQUE INDEX assignment_one_active_per_contact ON assignment (contact_id) WHERE ended_at IS NULL`,
    );
    await q.query(`CREATE INDEX assignment_agent_active_idx ON assignment (agent_id, medium) WHERE ended_at IS NULL`);

    await q.query(`
      CREATE TABLE channel_matrix (
        version integer PRIMARY KEY CHECK (version > 0),
        document jsonb NOT NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Version 1 is the matrix of DESIGN.md, written out here so this migration never changes with the code.
    await q.query(`INSERT INTO channel_matrix (version, document) VALUES (1, $1::jsonb)`, [
      JSON.stringify({
        cells: {
          simple: { small: 'e_sales', medium: 'e_sales', large: 'e_sales' },
          standard: { small: 'partner', medium: 'partner', large: 'partner' },
          complex: { small: 'partner', medium: 'partner', large: 'field' },
        },
        revenueThresholds: { medium: 1_000_000, large: 10_000_000 },
        qualificationBar: 'M2',
      }),
    ]);

    await q.query(`
      CREATE TABLE partner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        email varchar(254) NOT NULL,
        regions text[] NOT NULL DEFAULT '{}',
        product_lines text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE lead (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id uuid NOT NULL UNIQUE REFERENCES contact(id) ON DELETE CASCADE,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        revenue_tier varchar(8) NOT NULL CHECK (revenue_tier IN ('small', 'medium', 'large')),
        estimated_revenue numeric(20, 2),
        complexity varchar(16) NOT NULL CHECK (complexity IN ('simple', 'standard', 'complex')),
        product_lines text[] NOT NULL DEFAULT '{}',
        integration boolean NOT NULL DEFAULT false,
        territory varchar(64),
        industry varchar(64),
        maturity varchar(8) NOT NULL CHECK (maturity IN ('M0', 'M1', 'M2', 'M3', 'M4', 'won', 'lost')),
        stage_entered_at timestamptz NOT NULL DEFAULT now(),
        qualification jsonb NOT NULL DEFAULT '{}',
        route varchar(16) NOT NULL CHECK (route IN ('field', 'e_sales', 'partner', 'nurture')),
        matrix_version integer NOT NULL REFERENCES channel_matrix(version),
        assignee_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        partner_id uuid REFERENCES partner(id) ON DELETE SET NULL,
        owner_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        reason text NOT NULL,
        stalled_at timestamptz,
        follow_up_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX lead_stalled_idx ON lead (stalled_at DESC) WHERE stalled_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX lead_stall_candidates_idx ON lead (stage_entered_at) WHERE stalled_at IS NULL AND maturity NOT IN ('won', 'lost')`,
    );
    await q.query(`CREATE INDEX lead_assignee_idx ON lead (assignee_id) WHERE assignee_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE handoff (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id uuid NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
        specialist_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        status varchar(16) NOT NULL
          CHECK (status IN ('offered', 'accepted', 'declined', 'expired', 'escalated', 'revoked')),
        reason text NOT NULL,
        tried_ids uuid[] NOT NULL DEFAULT '{}',
        offered_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz,
        decided_at timestamptz,
        decision_reason text
      )`);
    await q.query(`CREATE UNIQUE INDEX handoff_one_open_per_lead ON handoff (lead_id) WHERE status = 'offered'`);
    await q.query(`CREATE INDEX handoff_lead_idx ON handoff (lead_id, offered_at)`);
    await q.query(`CREATE INDEX handoff_specialist_open_idx ON handoff (specialist_id) WHERE status = 'offered'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE handoff`);
    await q.query(`DROP TABLE lead`);
    await q.query(`DROP TABLE partner`);
    await q.query(`DROP TABLE channel_matrix`);
    await q.query(`DROP TABLE assignment`);
    await q.query(`DROP TABLE offer`);
    await q.query(`DROP TABLE agent_profile`);
    await q.query(`ALTER TABLE outbox DROP COLUMN run_at`);
  }
}
