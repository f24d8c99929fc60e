import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';

export type InvitationStatus = 'sending' | 'sent' | 'failed' | 'uncertain';

export interface InvitationRecord {
  targetId: string;
  campaignId: string;
  medium: 'email' | 'sms';
  recipient: string;
  language: string;
  status: InvitationStatus;
  providerId: string | null;
  error: string | null;
  updatedAt: Date;
}

const COLUMNS = `target_id AS "targetId", campaign_id AS "campaignId", medium, recipient, language, status,
  provider_id AS "providerId", error, updated_at AS "updatedAt"`;

/** `campaign_invitation`: the send record of one target's invitation (at most once). */
@Injectable()
export class CampaignInvitationRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** The target's record, locked until the unit ends; created as `sending` when there is none. */
  async claim(
    invitation: Pick<InvitationRecord, 'targetId' | 'campaignId' | 'medium' | 'recipient' | 'language'>,
    at: Date,
  ): Promise<{ record: InvitationRecord; created: boolean }> {
    const inserted = await this.db.manager.query<unknown[]>(
      `INSERT INTO campaign_invitation (target_id, campaign_id, medium, recipient, language, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'sending', $6, $6) ON CONFLICT (target_id) DO NOTHING RETURNING target_id`,
      [invitation.targetId, invitation.campaignId, invitation.medium, invitation.recipient, invitation.language, at],
    );
    const [record] = await this.db.manager.query<InvitationRecord[]>(
      `SELECT ${COLUMNS} FROM campaign_invitation WHERE target_id = $1 FOR UPDATE`,
      [invitation.targetId],
    );
    if (!record) throw new Error(`campaign_invitation ${invitation.targetId} vanished inside its own transaction`);
    return { record, created: inserted.length > 0 };
  }

  async finish(
    targetId: string,
    status: Exclude<InvitationStatus, 'sending'>,
    detail: { providerId?: string | null; error?: string | null },
    at: Date,
  ): Promise<void> {
    await this.db.manager.query(
      `UPDATE campaign_invitation SET status = $2, provider_id = coalesce($3, provider_id), error = $4, updated_at = $5
        WHERE target_id = $1`,
      [targetId, status, detail.providerId ?? null, detail.error?.slice(0, 2000) ?? null, at],
    );
  }

  /** Invitations of a campaign by status, for its progress. */
  async countByStatus(campaignId: string): Promise<Record<InvitationStatus, number>> {
    const rows = await this.db.manager.query<{ status: InvitationStatus; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM campaign_invitation WHERE campaign_id = $1 GROUP BY status`,
      [campaignId],
    );
    const counts: Record<InvitationStatus, number> = { sending: 0, sent: 0, failed: 0, uncertain: 0 };
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }
}
