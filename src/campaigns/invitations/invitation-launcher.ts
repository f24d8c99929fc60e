import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { CampaignListeners } from '../campaign-listeners';
import { CampaignRecord } from '../campaign.repository';
import { CampaignTargetRepository } from '../campaign-target.repository';
import type { CampaignStatus } from '../domain/campaign.types';
import { CampaignProgressFeed } from '../campaign-progress.feed';
import { sendDueAt } from './domain/send-schedule';

/** Targets read and enqueued per unit of work. */
const PAGE = 1000;

/**
 * Starts an e-mail or SMS campaign's invitations when it becomes active (started or resumed):
 * one durable job per pending target, due at CAMPAIGN_SEND_RATE per second from now (the pace
 * is in the jobs' due times, kept in the outbox across restarts). The job id names the target
 * and this start (`round`), so the same start enqueued twice is one job per target, and a resume
 * after a pause sends the targets still pending.
 */
@Injectable()
export class InvitationLauncher implements OnModuleInit {
  private readonly logger = new Logger(InvitationLauncher.name);

  constructor(
    private readonly listeners: CampaignListeners,
    private readonly unitOfWork: UnitOfWork,
    private readonly targets: CampaignTargetRepository,
    private readonly jobs: JobQueue,
    private readonly progress: CampaignProgressFeed,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: Pick<AppConfig, 'CAMPAIGN_SEND_RATE'>,
  ) {}

  onModuleInit(): void {
    this.listeners.register({
      name: 'invitations',
      onStatusChanged: async (campaign, from) => {
        await this.statusChanged(campaign, from);
      },
    });
  }

  async statusChanged(campaign: CampaignRecord, from: CampaignStatus): Promise<number> {
    this.progress.changed(campaign.id);
    if (campaign.status !== 'active' || from === 'active') return 0;
    if (campaign.medium !== 'email' && campaign.medium !== 'sms') return 0;
    const round = new Date(campaign.updatedAt).getTime();
    const start = this.clock.nowMs();
    // All pending ids first: once the first jobs commit they move targets out of `pending`.
    const pending: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.targets.list(campaign.id, { state: 'pending', limit: PAGE, offset });
      pending.push(...page.map((t) => t.id));
      if (page.length < PAGE) break;
    }
    let index = 0;
    for (let i = 0; i < pending.length; i += PAGE) {
      await this.unitOfWork.run(async () => {
        for (const targetId of pending.slice(i, i + PAGE)) {
          await this.jobs.enqueue(
            JobName.SendCampaignInvitation,
            { targetId, round },
            { runAt: sendDueAt(start, index++, this.config.CAMPAIGN_SEND_RATE) },
          );
        }
      });
    }
    this.logger.log(
      {
        campaignId: campaign.id,
        medium: campaign.medium,
        invitations: index,
        ratePerSecond: this.config.CAMPAIGN_SEND_RATE,
      },
      'campaign invitations queued',
    );
    return index;
  }
}
