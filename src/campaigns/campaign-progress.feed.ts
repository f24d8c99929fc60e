import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AgentNotifier, SUPERVISOR_ROLES } from '../routing/agent-notifier';
import { CampaignRepository } from './campaign.repository';
import { CampaignsService } from './campaigns.service';

/** A burst of changes (a page of invitations, a wave of registrations) is one push per campaign. */
const COALESCE_MS = 300;

/**
 * Pushes `campaign:progress` (targets by state and disposition, registrations, leads) to
 * supervisors' and admins' consoles when a campaign's work moved: an invitation sent or failed,
 * a registration, a status change. Coalesced per campaign and process; best effort, like every
 * staff event (the console reads GET /campaigns/:id when it opens the page).
 */
@Injectable()
export class CampaignProgressFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(CampaignProgressFeed.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly service: CampaignsService,
    private readonly notifier: AgentNotifier,
  ) {}

  onApplicationShutdown(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  changed(campaignId: string): void {
    if (this.closed || this.timers.has(campaignId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(campaignId);
      void this.push(campaignId);
    }, COALESCE_MS);
    timer.unref();
    this.timers.set(campaignId, timer);
  }

  private async push(campaignId: string): Promise<void> {
    if (this.closed) return;
    try {
      const campaign = await this.campaigns.findById(campaignId);
      if (!campaign) return;
      const progress = await this.service.progress(campaign);
      this.notifier.toRole(SUPERVISOR_ROLES, 'campaign:progress', {
        campaignId,
        name: campaign.name,
        status: campaign.status,
        progress,
      });
    } catch (error) {
      this.logger.warn({ campaignId, err: (error as Error).message }, 'could not push campaign progress');
    }
  }
}
