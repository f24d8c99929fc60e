import { Injectable, Logger } from '@nestjs/common';
import type { CampaignRecord } from './campaign.repository';
import type { CampaignStatus } from './domain/campaign.types';

/** Reacts to a campaign's status change (the dialler, the invitation sender), after commit. */
export interface CampaignListener {
  name: string;
  onStatusChanged(campaign: CampaignRecord, from: CampaignStatus): Promise<void> | void;
}

/**
 * Where the parts of outbound work that act on an active campaign register, so CampaignsService
 * knows none of them: the voice dialler starts dialling on `active`, the e-mail/SMS sender starts
 * sending. A listener that throws is logged; the status change is committed already.
 */
@Injectable()
export class CampaignListeners {
  private readonly logger = new Logger(CampaignListeners.name);
  private readonly listeners: CampaignListener[] = [];

  register(listener: CampaignListener): void {
    this.listeners.push(listener);
  }

  async statusChanged(campaign: CampaignRecord, from: CampaignStatus): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l.onStatusChanged(campaign, from);
      } catch (error) {
        this.logger.warn(
          { listener: l.name, campaignId: campaign.id, err: (error as Error).message },
          'a campaign listener failed',
        );
      }
    }
  }
}
