import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proposal teams of experts, formed per deal (DESIGN.md idea 2):
 * - `proposal_team`: one per lead, created with its first invitation;
 * - `team_invitation`: an expert invited with a role; accepted or declined by the expert; when
 *   the lead is won or lost every accepted member's invitation records the outcome, which is the
 *   expert's record that ranks them for the next deals;
 * - `agent_profile.product_lines`: the product lines an expert knows (their industries are the
 *   profile's existing `industries`).
 */
export class ProposalTeams1765041000000 implements MigrationInterface {
  name = 'ProposalTeams1765041000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_profile ADD COLUMN product_lines text[] NOT NULL DEFAULT '{}'::text[]`);
    await q.query(`
      CREATE TABLE proposal_team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lead_id uuid NOT NULL UNIQUE REFERENCES lead (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE team_invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES proposal_team (id) ON DELETE CASCADE,
        lead_id uuid NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
        expert_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        role varchar(64) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'accepted', 'declined')),
        invited_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        invited_at timestamptz NOT NULL,
        decided_at timestamptz,
        decision_reason text,
        outcome varchar(8) CHECK (outcome IN ('won', 'lost')),
        outcome_at timestamptz
      )`);
    // An expert is on a team once; after declining they may be invited again.
    await q.query(
      `CREATE UNIQUE INDEX team_invitation_open_key ON team_invitation (lead_id, expert_id) WHERE status <> 'declined'`,
    );
    await q.query(`CREATE INDEX team_invitation_expert_idx ON team_invitation (expert_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE team_invitation`);
    await q.query(`DROP TABLE proposal_team`);
    await q.query(`ALTER TABLE agent_profile DROP COLUMN product_lines`);
  }
}
