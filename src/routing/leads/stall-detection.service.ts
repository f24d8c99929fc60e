import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { AgentNotifier, LeadStalledEvent } from '../agent-notifier';
import { isOpenMaturity, OPEN_MATURITY_STAGES, stalledSince, stallLimitDays, StallLimits } from '../domain/maturity';
import { LeadRepository, StallCandidate } from './lead.repository';

const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Flags leads that stayed in their maturity stage longer than its limit (LEAD_STALL_LIMITS_DAYS,
 * else the defaults of the maturity index), once each: `stalled_at` is set, the owner (the deal
 * specialist, else the agent who qualified it) is told over the socket, and the timeline says why.
 * Run by a repeatable job; the rule itself is the pure `stalledSince`.
 */
@Injectable()
export class StallDetectionService {
  private readonly logger = new Logger(StallDetectionService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly timeline: TimelineRepository,
    private readonly clock: Clock,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: Pick<AppConfig, 'LEAD_STALL_LIMITS_DAYS'>,
  ) {}

  private get limits(): Partial<StallLimits> {
    return this.config.LEAD_STALL_LIMITS_DAYS;
  }

  async check(now: Date = this.clock.now()): Promise<number> {
    // Only leads past the shortest limit can be stalled: the index on stage_entered_at does the rest.
    const shortest = Math.min(...OPEN_MATURITY_STAGES.map((stage) => stallLimitDays(stage, this.limits)));
    const before = new Date(now.getTime() - shortest * DAY_MS);
    let flagged = 0;
    for (let afterId = FIRST_ID; ;) {
      const candidates = await this.leads.stallCandidates(before, afterId, BATCH);
      for (const lead of candidates) if (await this.flag(lead, now)) flagged++;
      if (candidates.length < BATCH) break;
      afterId = candidates[candidates.length - 1].id;
    }
    if (flagged > 0) this.logger.log({ flagged }, 'stalled leads flagged');
    return flagged;
  }

  /** One lead, in its own unit: a lead that moved on meanwhile (or was flagged by another worker) is left alone. */
  private async flag(lead: StallCandidate, now: Date): Promise<boolean> {
    if (!isOpenMaturity(lead.maturity)) return false;
    const since = stalledSince({ stage: lead.maturity, enteredAt: lead.stageEnteredAt, limits: this.limits, now });
    if (!since) return false;
    const limitDays = stallLimitDays(lead.maturity, this.limits);
    const owner = lead.assigneeId ?? lead.ownerId;
    const event: LeadStalledEvent = {
      leadId: lead.id,
      contactId: lead.contactId,
      maturity: lead.maturity,
      stageEnteredAt: lead.stageEnteredAt.toISOString(),
      stalledSince: since.toISOString(),
      limitDays,
    };
    return this.unitOfWork.run(async () => {
      if (!(await this.leads.markStalled(lead.id, now, lead.maturity))) return false;
      await this.timeline.append({
        type: 'lead.stalled',
        actor: 'system',
        contactId: lead.contactId,
        personId: lead.personId,
        data: {
          ...event,
          ownerId: owner,
          reason: `in ${lead.maturity} since ${event.stageEnteredAt}, longer than its limit of ${limitDays} days`,
        },
      });
      if (owner) this.unitOfWork.afterCommit(() => this.notifier.toUser(owner, 'lead:stalled', event));
      return true;
    });
  }
}
