import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The invitations of e-mail and SMS campaigns: one row per campaign target, claimed (`sending`)
 * and committed before the provider is called, so a retried job never sends twice; `sent` with
 * the provider's id, `failed` with the reason, or `uncertain` when a worker died mid-send (never
 * resent: a customer never gets two invitations).
 */
export class CampaignInvitations1765210000000 implements MigrationInterface {
  name = 'CampaignInvitations1765210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign_invitation (
        target_id uuid PRIMARY KEY REFERENCES campaign_target (id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
        medium varchar(8) NOT NULL CHECK (medium IN ('email', 'sms')),
        recipient varchar(254) NOT NULL,
        language varchar(8) NOT NULL,
        status varchar(10) NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'uncertain')),
        provider_id varchar(200),
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX campaign_invitation_campaign_idx ON campaign_invitation (campaign_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_invitation`);
  }
}
