import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../../common/domain-error';
import { writeOutbox } from '../../outbox/outbox';
import { JobName } from '../../queues/queue.constants';
import { appendTimeline } from '../../timeline/timeline';
import type { AssigneeView } from './qualification.dto';
import { LeadRow, readLead } from './lead-row';
import type { HandoffView, LeadSummaryView, LeadView, ListLeadsQuery } from './leads.dto';

export type FollowUpOutcome = 'requeued' | 'not_due' | 'busy' | 'missing';

/** Staff's read side of leads, and the nurture follow-up. */
@Injectable()
export class LeadsService {
  private readonly logger = new Logger(LeadsService.name);

  constructor(private readonly dataSource: DataSource) {}

  async get(id: string): Promise<LeadView> {
    // One snapshot: the lead, its handoffs and its history agree even while a handoff moves on.
    const { lead, handoffs, history } = await this.dataSource.transaction('REPEATABLE READ', (m) =>
      this.readWhole(m, id),
    );
    const [summary] = await this.summaries([lead]);
    return {
      ...summary,
      handoffs: handoffs.map((h): HandoffView => ({
        id: h.id,
        specialistId: h.specialist_id,
        status: h.status,
        reason: h.reason,
        triedIds: h.tried_ids,
        offeredAt: iso(h.offered_at),
        dueAt: h.due_at ? iso(h.due_at) : null,
        decidedAt: h.decided_at ? iso(h.decided_at) : null,
        decisionReason: h.decision_reason,
      })),
      history: history.map((e) => ({
        id: e.id,
        type: e.type,
        actor: e.actor,
        data: e.data,
        occurredAt: e.occurred_at,
      })),
    };
  }

  /** Newest first; `stalled=true` is the list of stalled leads (most recently stalled first). */
  async list(query: ListLeadsQuery): Promise<LeadSummaryView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.stalled === 'true') where.push('l.stalled_at IS NOT NULL');
    if (query.stalled === 'false') where.push('l.stalled_at IS NULL');
    if (query.route) where.push(`l.route = $${params.push(query.route)}`);
    if (query.assigneeId) where.push(`l.assignee_id = $${params.push(query.assigneeId)}`);
    const order = query.stalled === 'true' ? 'l.stalled_at DESC, l.id' : 'l.created_at DESC, l.id';
    const rows = await this.dataSource.query<LeadRow[]>(
      `SELECT l.*, c.person_id, c.from_name, c.from_email, c.from_company
         FROM lead l JOIN contact c ON c.id = l.contact_id
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT $${params.push(query.limit ?? 50)}`,
      params,
    );
    return this.summaries(rows);
  }

  /**
   * A nurtured lead's follow-up date came: its contact goes back to the Demand Generation queue to
   * be offered to an agent. Skipped when the lead was re-routed since, or an agent holds the contact.
   */
  async followUp(leadId: string, followUpAt: string): Promise<FollowUpOutcome> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<FollowUpOutcome> => {
      const [found] = await manager.query<{ contact_id: string }[]>(`SELECT contact_id FROM lead WHERE id = $1`, [
        leadId,
      ]);
      if (!found) return 'missing';
      await manager.query(`SELECT id FROM contact WHERE id = $1 FOR UPDATE`, [found.contact_id]);
      const lead = await readLead(manager, { id: leadId }, { lock: true });
      if (!lead) return 'missing';
      if (lead.route !== 'nurture' || lead.follow_up_at?.toISOString() !== new Date(followUpAt).toISOString()) {
        return 'not_due';
      }
      const [{ active }] = await manager.query<{ active: number }[]>(
        `SELECT count(*)::int AS active FROM assignment WHERE contact_id = $1 AND ended_at IS NULL`,
        [lead.contact_id],
      );
      if (active > 0) return 'busy';
      await manager.query(
        `UPDATE contact SET status = 'queued', channel = 'demand_generation', assigned_agent_id = NULL, updated_at = now()
          WHERE id = $1`,
        [lead.contact_id],
      );
      await appendTimeline(manager, {
        type: 'lead.follow_up_due',
        actor: 'system',
        contactId: lead.contact_id,
        personId: lead.person_id,
        data: { leadId, followUpAt, reason: 'nurture follow-up date: back to the Demand Generation queue' },
      });
      await writeOutbox(
        manager,
        JobName.DispatchContact,
        `${JobName.DispatchContact}.${lead.contact_id}.follow-up.${randomUUID()}`,
        { contactId: lead.contact_id, cause: `follow-up.${new Date(followUpAt).getTime()}` },
      );
      return 'requeued';
    });
    this.logger.log({ leadId, outcome }, 'nurture follow-up');
    return outcome;
  }

  /** The lead, its handoffs and its contact's history, read in the caller's transaction. */
  private async readWhole(m: EntityManager, id: string) {
    const lead = await readLead(m, { id });
    if (!lead) throw notFound('lead', id);
    const handoffs = await m.query<
      {
        id: string;
        specialist_id: string | null;
        status: string;
        reason: string;
        tried_ids: string[];
        offered_at: Date;
        due_at: Date | null;
        decided_at: Date | null;
        decision_reason: string | null;
      }[]
    >(`SELECT * FROM handoff WHERE lead_id = $1 ORDER BY offered_at, id`, [id]);
    const history = await m.query<
      { id: string; type: string; actor: string; data: Record<string, unknown>; occurred_at: Date }[]
    >(`SELECT id, type, actor, data, occurred_at FROM timeline_event WHERE contact_id = $1 ORDER BY id`, [
      lead.contact_id,
    ]);
    return { lead, handoffs, history };
  }

  private async summaries(rows: LeadRow[]): Promise<LeadSummaryView[]> {
    const userIds = [...new Set(rows.map((r) => r.assignee_id).filter((id): id is string => id !== null))];
    const partnerIds = [...new Set(rows.map((r) => r.partner_id).filter((id): id is string => id !== null))];
    const users = new Map(
      (
        await this.dataSource.query<{ id: string; name: string }[]>(
          `SELECT id, name FROM app_user WHERE id = ANY($1::uuid[])`,
          [userIds],
        )
      ).map((u) => [u.id, u.name]),
    );
    const partners = new Map(
      (
        await this.dataSource.query<{ id: string; name: string }[]>(
          `SELECT id, name FROM partner WHERE id = ANY($1::uuid[])`,
          [partnerIds],
        )
      ).map((p) => [p.id, p.name]),
    );
    return rows.map((l) => ({
      id: l.id,
      contactId: l.contact_id,
      customerId: l.customer_id,
      revenueTier: l.revenue_tier,
      estimatedRevenue: l.estimated_revenue === null ? null : Number(l.estimated_revenue),
      complexity: l.complexity,
      productLines: l.product_lines,
      integration: l.integration,
      territory: l.territory,
      industry: l.industry,
      maturity: l.maturity,
      stageEnteredAt: iso(l.stage_entered_at),
      qualification: l.qualification,
      route: l.route,
      matrixVersion: l.matrix_version,
      assignee: assigneeOf(l, users, partners),
      ownerId: l.owner_id,
      reason: l.reason,
      stalledAt: l.stalled_at ? iso(l.stalled_at) : null,
      followUpAt: l.follow_up_at ? iso(l.follow_up_at) : null,
      createdAt: iso(l.created_at),
      updatedAt: iso(l.updated_at),
    }));
  }
}

function assigneeOf(lead: LeadRow, users: Map<string, string>, partners: Map<string, string>): AssigneeView | null {
  switch (lead.route) {
    case 'field':
      return lead.assignee_id
        ? { kind: 'deal_specialist', id: lead.assignee_id, name: users.get(lead.assignee_id) ?? lead.assignee_id }
        : { kind: 'supervisor', id: null, name: 'supervisors' };
    case 'partner':
      return lead.partner_id
        ? { kind: 'partner', id: lead.partner_id, name: partners.get(lead.partner_id) ?? lead.partner_id }
        : { kind: 'supervisor', id: null, name: 'supervisors' };
    case 'e_sales':
      return { kind: 'queue', id: 'e_sales', name: 'e-Sales' };
    case 'nurture':
      return { kind: 'queue', id: 'demand_generation', name: 'Demand Generation' };
  }
}

const iso = (d: Date | string) => new Date(d).toISOString();
