import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ContactStatus, Medium, SalesChannel } from '../contacts/contact.types';
import { AppConfig, InjectConfig } from '../config/app-config';
import { QueueRegistry } from '../queues/queue-registry';
import type { AgentView, HandoffSlaView, QueueDepthView, SupervisorOverview } from './supervisor.dto';
import { foldContactCounts, OPEN_STATUSES, summarizeWaiting, WAITING_STATUSES } from './supervisor-overview';

/** Closed and qualified contacts count for this long; open ones always count. */
export const OVERVIEW_WINDOW_HOURS = 24;

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/** The supervisor's live picture: queue depths, contacts by status and channel, waits, agents. */
@Injectable()
export class SupervisorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async overview(now: Date = new Date()): Promise<SupervisorOverview> {
    const [queues, counts, waiting, handoffs, agents] = await Promise.all([
      this.queueDepths(),
      this.contactCounts(now),
      this.waiting(now),
      this.handoffs(now),
      this.agents(),
    ]);
    return {
      generatedAt: now.toISOString(),
      slaSeconds: this.config.WAITING_SLA_SECONDS,
      windowHours: OVERVIEW_WINDOW_HOURS,
      queues,
      contacts: counts,
      waiting,
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
    const slaStart = new Date(now.getTime() - this.config.WAITING_SLA_SECONDS * 1000);
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

  /** The deal specialists' acceptance SLA: field leads offered and not yet taken. */
  private async handoffs(now: Date): Promise<HandoffSlaView> {
    const [row] = await this.dataSource.query<{ open: number; overdue: number; nextDueAt: Date | null }[]>(
      `SELECT count(*)::int AS open,
              (count(*) FILTER (WHERE due_at < $1))::int AS overdue,
              min(due_at) AS "nextDueAt"
         FROM handoff
        WHERE status = 'offered'`,
      [now],
    );
    return { open: row?.open ?? 0, overdue: row?.overdue ?? 0, nextDueAt: row?.nextDueAt?.toISOString() ?? null };
  }

  /** Presence as routing last recorded it; work counted from assignments, offers and handoffs. */
  private async agents(): Promise<AgentView[]> {
    const rows = await this.dataSource.query<
      (Omit<AgentView, 'presenceChangedAt'> & { presenceChangedAt: Date | null })[]
    >(
      `SELECT u.id, u.name, u.email, u.roles, u.active,
              coalesce(p.presence, 'offline') AS presence,
              p.presence_changed_at AS "presenceChangedAt",
              (SELECT count(*) FROM assignment a WHERE a.agent_id = u.id AND a.ended_at IS NULL)::int
                AS "openAssignments",
              (SELECT count(*) FROM offer o WHERE o.agent_id = u.id AND o.status = 'pending')::int AS "pendingOffers",
              (SELECT count(*) FROM handoff h WHERE h.specialist_id = u.id AND h.status = 'offered')::int
                AS "openHandoffs"
         FROM app_user u
         LEFT JOIN agent_profile p ON p.user_id = u.id
        WHERE u.roles && ARRAY['agent', 'deal_specialist']::text[]
        ORDER BY u.active DESC, u.name, u.id`,
    );
    return rows.map((row) => ({ ...row, presenceChangedAt: row.presenceChangedAt?.toISOString() ?? null }));
  }
}
