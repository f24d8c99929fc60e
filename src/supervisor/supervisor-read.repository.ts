import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { Medium, SalesChannel } from '../contacts/contact.types';
import type { AgentView, HandoffSlaView } from './supervisor.dto';
import { type ContactWaitRow, OPEN_STATUSES, WAITING_STATUSES } from './supervisor-overview';

/**
 * The supervisor's read model: aggregates and lists across the tables of contacts and routing
 * (contact, handoff, lead, offer, assignment, agent_profile, app_user), for the overview and the
 * SLA monitor. It only reads and writes nothing: every table here is owned, and written, elsewhere.
 */

/** A contact still waiting for an agent after its SLA. */
export interface WaitingBreachRow {
  id: string;
  channel: SalesChannel | null;
  medium: Medium;
  createdAt: Date;
  /** The customer's name, e-mail or phone, whichever is known first. */
  who: string | null;
}

/** A handoff that went past its acceptance deadline. */
export interface HandoffBreachRow {
  id: string;
  leadId: string;
  contactId: string;
  specialistId: string | null;
  dueAt: Date;
  status: string;
}

@Injectable()
export class SupervisorReadRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Contacts by status, channel and medium: every open one, with how many arrived before
   * `slaStart` and the oldest arrival (the waits), and the others created since `since`.
   */
  async contactCounts(since: Date, slaStart: Date): Promise<ContactWaitRow[]> {
    return this.db.manager.query<ContactWaitRow[]>(
      // Two branches instead of one OR, so each reads its own index: the open contacts from the
      // covering partial index contact_open_idx (index only, read once for the counts and the
      // waits), the recent closed ones by created_at.
      `SELECT status, channel, medium, count(*)::int AS count,
              (count(*) FILTER (WHERE created_at < $3))::int AS "overSla", min(created_at) AS "oldestCreatedAt"
         FROM contact WHERE status = ANY($1)
        GROUP BY status, channel, medium
       UNION ALL
       SELECT status, channel, medium, count(*)::int, 0, NULL
         FROM contact WHERE created_at >= $2 AND status <> ALL($1)
        GROUP BY status, channel, medium`,
      [OPEN_STATUSES, since, slaStart],
    );
  }

  /** The deal specialists' acceptance SLA at `now`: field leads offered and not yet taken. */
  async handoffSla(now: Date): Promise<HandoffSlaView> {
    const [row] = await this.db.manager.query<{ open: number; overdue: number; nextDueAt: Date | null }[]>(
      `SELECT count(*)::int AS open,
              (count(*) FILTER (WHERE due_at < $1))::int AS overdue,
              min(due_at) AS "nextDueAt"
         FROM handoff
        WHERE status = 'offered'`,
      [now],
    );
    return { open: row?.open ?? 0, overdue: row?.overdue ?? 0, nextDueAt: row?.nextDueAt?.toISOString() ?? null };
  }

  /** Agents and deal specialists: presence as routing last recorded it, work counted from its tables. */
  async agents(): Promise<AgentView[]> {
    const rows = await this.db.manager.query<
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

  /** Contacts still waiting that arrived in [since, before), oldest first, at most `limit`. */
  async waitingBreaches(before: Date, since: Date, limit: number): Promise<WaitingBreachRow[]> {
    return this.db.manager.query<WaitingBreachRow[]>(
      `SELECT id, channel, medium, created_at AS "createdAt", coalesce(from_name, from_email, from_phone) AS who
         FROM contact
        WHERE status = ANY($1) AND created_at < $2 AND created_at >= $3
        ORDER BY created_at LIMIT $4`,
      [WAITING_STATUSES, before, since, limit],
    );
  }

  /**
   * Handoffs due in [since, before) that are still offered or were decided only after their due
   * time, earliest due first, at most `limit`.
   */
  async handoffBreaches(before: Date, since: Date, limit: number): Promise<HandoffBreachRow[]> {
    return this.db.manager.query<HandoffBreachRow[]>(
      `SELECT h.id, h.lead_id AS "leadId", l.contact_id AS "contactId", h.specialist_id AS "specialistId",
              h.due_at AS "dueAt", h.status
         FROM handoff h JOIN lead l ON l.id = h.lead_id
        WHERE h.due_at < $1 AND h.due_at >= $2
          AND (h.status = 'offered' OR (h.decided_at IS NOT NULL AND h.decided_at >= h.due_at))
        ORDER BY h.due_at LIMIT $3`,
      [before, since, limit],
    );
  }
}
