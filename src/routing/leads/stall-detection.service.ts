import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { appendTimeline } from '../../timeline/timeline';
import { AgentNotifier, LeadStalledEvent } from '../agent-notifier';
import { isOpenMaturity, OPEN_MATURITY_STAGES, stalledSince, stallLimitDays, StallLimits } from '../domain/maturity';

const BATCH = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Candidate {
  id: string;
  contact_id: string;
  person_id: string | null;
  maturity: string;
  stage_entered_at: Date;
  assignee_id: string | null;
  owner_id: string | null;
}

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
    private readonly dataSource: DataSource,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private get limits(): Partial<StallLimits> {
    return this.config.LEAD_STALL_LIMITS_DAYS;
  }

  async check(now: Date = new Date()): Promise<number> {
    // Only leads past the shortest limit can be stalled: the index on stage_entered_at does the rest.
    const shortest = Math.min(...OPEN_MATURITY_STAGES.map((stage) => stallLimitDays(stage, this.limits)));
    const before = new Date(now.getTime() - shortest * DAY_MS);
    let flagged = 0;
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const candidates = await this.dataSource.query<Candidate[]>(
        `SELECT l.id, l.contact_id, c.person_id, l.maturity, l.stage_entered_at, l.assignee_id, l.owner_id
           FROM lead l JOIN contact c ON c.id = l.contact_id
          WHERE l.stalled_at IS NULL AND l.maturity NOT IN ('won', 'lost')
            AND l.stage_entered_at < $1 AND l.id > $2
          ORDER BY l.id LIMIT $3`,
        [before, afterId, BATCH],
      );
      for (const lead of candidates) if (await this.flag(lead, now)) flagged++;
      if (candidates.length < BATCH) break;
      afterId = candidates[candidates.length - 1].id;
    }
    if (flagged > 0) this.logger.log({ flagged }, 'stalled leads flagged');
    return flagged;
  }

  private async flag(lead: Candidate, now: Date): Promise<boolean> {
    if (!isOpenMaturity(lead.maturity)) return false;
    const since = stalledSince({
      stage: lead.maturity,
      enteredAt: new Date(lead.stage_entered_at),
      limits: this.limits,
      now,
    });
    if (!since) return false;
    const limitDays = stallLimitDays(lead.maturity, this.limits);
    const owner = lead.assignee_id ?? lead.owner_id;
    const event: LeadStalledEvent = {
      leadId: lead.id,
      contactId: lead.contact_id,
      maturity: lead.maturity,
      stageEnteredAt: new Date(lead.stage_entered_at).toISOString(),
      stalledSince: since.toISOString(),
      limitDays,
    };
    const changed = await this.dataSource.transaction(async (manager) => {
      // Conditional update: a lead moved on (or flagged by another worker) meanwhile is left alone.
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
      const [updated] = await manager.query<[{ id: string }[], number]>(
        `UPDATE lead SET stalled_at = $2, updated_at = now()
          WHERE id = $1 AND stalled_at IS NULL AND maturity = $3 RETURNING id`,
        [lead.id, now, lead.maturity],
      );
      if (updated.length === 0) return false;
      await appendTimeline(manager, {
        type: 'lead.stalled',
        actor: 'system',
        contactId: lead.contact_id,
        personId: lead.person_id,
        data: {
          ...event,
          ownerId: owner,
          reason: `in ${lead.maturity} since ${event.stageEnteredAt}, longer than its limit of ${limitDays} days`,
        },
      });
      return true;
    });
    if (changed && owner) this.notifier.toUser(owner, 'lead:stalled', event);
    return changed;
  }
}
