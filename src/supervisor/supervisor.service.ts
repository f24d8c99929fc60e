import { Injectable } from '@nestjs/common';
import { BusinessCalendarSource } from '../business-hours/business-calendar-source';
import { Clock } from '../common/clock';
import { AppConfig, InjectConfig } from '../config/app-config';
import { QueueRegistry } from '../queues/queue-registry';
import type { QueueDepthView, SupervisorOverview } from './supervisor.dto';
import { foldContactCounts, summarizeWaiting, waitingRowsOf } from './supervisor-overview';
import { SupervisorReadRepository } from './supervisor-read.repository';

/** Closed and qualified contacts count for this long; open ones always count. */
export const OVERVIEW_WINDOW_HOURS = 24;

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/** The supervisor's live picture: queue depths, contacts by status and channel, waits, agents. */
@Injectable()
export class SupervisorService {
  constructor(
    private readonly reads: SupervisorReadRepository,
    private readonly queues: QueueRegistry,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
    private readonly businessHours: BusinessCalendarSource,
  ) {}

  async overview(now: Date = this.clock.now()): Promise<SupervisorOverview> {
    // Waits count business time: a contact that arrived overnight is over the SLA only once open hours passed it.
    const slaStart = await this.businessHours.startBefore(now, this.config.WAITING_SLA_SECONDS * 1000);
    const since = new Date(now.getTime() - OVERVIEW_WINDOW_HOURS * 3600_000);
    const [queues, counts, handoffs, agents] = await Promise.all([
      this.queueDepths(),
      this.reads.contactCounts(since, slaStart),
      this.reads.handoffSla(now),
      this.reads.agents(),
    ]);
    return {
      generatedAt: now.toISOString(),
      slaSeconds: this.config.WAITING_SLA_SECONDS,
      windowHours: OVERVIEW_WINDOW_HOURS,
      queues,
      contacts: foldContactCounts(counts),
      waiting: summarizeWaiting(waitingRowsOf(counts), now),
      handoffs,
      agents,
    };
  }

  private async queueDepths(): Promise<QueueDepthView[]> {
    return Promise.all(
      this.queues.all().map(async (queue) => {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        const depth = (state: (typeof QUEUE_STATES)[number]) => counts[state] ?? 0;
        return {
          name: queue.name,
          waiting: depth('waiting'),
          active: depth('active'),
          delayed: depth('delayed'),
          prioritized: depth('prioritized'),
          failed: depth('failed'),
          completed: depth('completed'),
        };
      }),
    );
  }
}
