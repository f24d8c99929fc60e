import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { Language, SalesChannel } from './contact.types';

/** A campaign target's call attempt, queued for routing like an inbound contact. */
export interface CampaignAttemptContact {
  campaignId: string;
  campaignTargetId: string;
  /** Unique per target and attempt: a repeated dial of the same attempt makes no second contact. */
  externalId: string;
  channel: SalesChannel;
  channelReason: string;
  language: Language;
  name: string | null;
  phone: string;
  email: string | null;
  company: string | null;
  subject: string;
  body: string;
  personId: string | null;
  customerId: string | null;
  at: Date;
}

/**
 * The contacts of outbound campaigns (`contact` rows with `campaign_id`): a voice target's call
 * attempt is a contact routed like an inbound one, so the table stays the contacts module's.
 */
@Injectable()
export class CampaignContactRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Stores a campaign call attempt as a queued voice contact (source `campaign`); null when that
   * attempt exists already (same external id).
   */
  async insertCampaignAttempt(a: CampaignAttemptContact): Promise<string | null> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO contact (medium, source, external_id, status, channel, channel_reason, inquiry_type, language,
         from_name, from_email, from_phone, from_company, subject, body, consent, metadata, person_id, customer_id,
         campaign_id, campaign_target_id, created_at, updated_at)
       VALUES ('voice', 'campaign', $1, 'queued', $2, $3, 'question', $4, $5, $6, $7, $8, $9, $10, true, '{}'::jsonb,
         $11, $12, $13, $14, $15, $15)
       ON CONFLICT (source, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id`,
      [
        a.externalId,
        a.channel,
        a.channelReason,
        a.language,
        a.name,
        a.email,
        a.phone,
        a.company,
        a.subject,
        a.body,
        a.personId,
        a.customerId,
        a.campaignId,
        a.campaignTargetId,
        a.at,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Live contacts waiting for an agent (queued or offered): inbound calls and web inquiries, which
   * campaign calls must not overtake, and campaign calls.
   */
  async waitingLive(): Promise<{ inbound: number; campaign: number }> {
    const [row] = await this.db.manager.query<{ inbound: number; campaign: number }[]>(
      `SELECT count(*) FILTER (WHERE campaign_id IS NULL)::int AS inbound,
              count(*) FILTER (WHERE campaign_id IS NOT NULL AND medium = 'voice')::int AS campaign
         FROM contact WHERE medium IN ('voice', 'web') AND status IN ('queued', 'offered')`,
    );
    return row ?? { inbound: 0, campaign: 0 };
  }

  /** The contact of a campaign target's latest call attempt (what the softphone dials), if any. */
  async currentAttempt(campaignTargetId: string): Promise<string | null> {
    if (!/^[0-9a-f-]{36}$/i.test(campaignTargetId)) return null;
    const [row] = await this.db.manager.query<{ id: string }[]>(
      `SELECT id FROM contact WHERE campaign_target_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [campaignTargetId],
    );
    return row?.id ?? null;
  }
}
