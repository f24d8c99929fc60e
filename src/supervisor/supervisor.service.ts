import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ContactStatus, Medium, SalesChannel } from '../contacts/contact.types';
import { QueueRegistry } from '../queues/queue-registry';
import type { Role } from '../users/user.types';
import type { AgentView, QueueDepthView, SupervisorOverview } from './supervisor.dto';
import { foldContactCounts, OPEN_STATUSES, summarizeWaiting, WAITING_STATUSES } from './supervisor-overview';

/** A contact not picked up by an agent within this many seconds is over its SLA. */
export const WAITING_SLA_SECONDS = 120;
/** Closed and qualified contacts count for this long; open ones always count. */
export const OVERVIEW_WINDOW_HOURS = 24;

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/** The supervisor's live picture: queue depths, contacts by status and channel, waits, agents. */
@Injectable()
export class SupervisorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  async overview(now: Date = new Date()): Promise<SupervisorOverview> {
    const [queues, counts, waiting, agents] = await Promise.all([
      this.queueDepths(),
      this.contactCounts(now),
      this.waiting(now),
      this.agents(),
    ]);
    return {
      generatedAt: now.toISOString(),
      slaSeconds: WAITING_SLA_SECONDS,
      windowHours: OVERVIEW_WINDOW_HOURS,
      queues,
      contacts: counts,
      waiting,
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

  private async contactCounts(now: Date) {
    const since = new Date(now.getTime() - OVERVIEW_WINDOW_HOURS * 3600_000);
    const rows = await this.dataSource.query<
      { status: ContactStatus; channel: SalesChannel | null; medium: Medium; count: number }[]
    >(
      `SELECT status, channel, medium, count(*)::int AS count
         FROM contact
        WHERE status = ANY($1) OR created_at >= $2
        GROUP BY status, channel, medium`,
      [OPEN_STATUSES, since],
    );
    return foldContactCounts(rows);
  }

  private async waiting(now: Date) {
    const slaStart = new Date(now.getTime() - WAITING_SLA_SECONDS * 1000);
    const rows = await this.dataSource.query<
      { channel: SalesChannel | null; count: number; overSla: number; oldestCreatedAt: Date | null }[]
    >(
      `SELECT channel, count(*)::int AS count,
              (count(*) FILTER (WHERE created_at < $2))::int AS "overSla",
              min(created_at) AS "oldestCreatedAt"
         FROM contact
        WHERE status = ANY($1)
        GROUP BY channel`,
      [WAITING_STATUSES, slaStart],
    );
    return summarizeWaiting(rows, now);
  }

  private async agents(): Promise<AgentView[]> {
    const rows = await this.dataSource.query<
      { id: string; name: string; email: string; roles: Role[]; active: boolean; openAssignments: number }[]
    >(
      `SELECT u.id, u.name, u.email, u.roles, u.active, count(c.id)::int AS "openAssignments"
         FROM app_user u
         LEFT JOIN contact c ON c.assigned_agent_id = u.id AND c.status = 'assigned'
        WHERE u.roles && ARRAY['agent', 'deal_specialist']::text[]
        GROUP BY u.id
        ORDER BY u.active DESC, u.name, u.id`,
    );
    return rows;
  }
}
