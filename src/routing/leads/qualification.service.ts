import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../../auth/auth.types';
import type { Complexity } from '../../catalog/catalog.types';
import { DomainError, notFound } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { writeOutbox } from '../../outbox/outbox';
import { JobName } from '../../queues/queue.constants';
import { appendTimeline } from '../../timeline/timeline';
import { AgentNotifier, SUPERVISOR_ROLES } from '../agent-notifier';
import { complexityOf, decideRoute, RevenueTier, revenueTierOf, RouteDecision } from '../domain/channel-matrix';
import { selectPartner } from '../domain/partner-selection';
import { ChannelMatrixService } from '../matrix/channel-matrix.service';
import { lockContact, RoutableContact } from '../offers/routable-contact';
import { AfterCommit, HandoffService } from './handoff.service';
import { LeadRow, readLead } from './lead-row';
import type { AssigneeView, QualificationAnswer, QualificationDto } from './qualification.dto';

const OVERSEERS = ['supervisor', 'admin'];
const DAY_MS = 24 * 60 * 60 * 1000;

interface RouteOutcome {
  assignee: AssigneeView | null;
  /** Why this assignee, appended to the route's reason. */
  detail: string;
  contactStatus: 'qualified' | 'queued';
  followUpAt: Date | null;
  handoff: { id: string; dueAt: string } | null;
}

/**
 * Turns a contact into a lead (or updates its lead) and routes it with the channel matrix in force:
 * field -> a deal specialist (handoff with SLA), e_sales -> the e-Sales queue (the contact is
 * dispatched again), partner -> the best partner (mail), nurture -> Demand Generation with a
 * follow-up date. One transaction holding the contact row: two qualifications of one contact
 * cannot interleave, and the lead, its route, its timeline and its jobs commit together.
 */
@Injectable()
export class QualificationService {
  private readonly logger = new Logger(QualificationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly matrix: ChannelMatrixService,
    private readonly handoffs: HandoffService,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async qualify(contactId: string, dto: QualificationDto, principal: Principal): Promise<QualificationAnswer> {
    const after: AfterCommit = [];
    const answer = await this.dataSource.transaction(async (manager) => {
      const contact = await lockContact(manager, contactId);
      if (!contact) throw notFound('contact', contactId);
      await this.authorize(manager, contact, principal);

      const matrix = await this.matrix.current(manager);
      const lines = await this.productLines(manager, dto.productLines ?? []);
      const revenueTier: RevenueTier =
        dto.revenueTier ?? revenueTierOf(dto.estimatedRevenue ?? 0, matrix.revenueThresholds);
      const complexity: Complexity | null =
        dto.complexity ?? complexityOf(lines, { integration: dto.integration === true });
      if (complexity === null) {
        throw new DomainError('validation_failed', 'complexity or at least one product line is required', [
          { field: 'complexity', message: 'give complexity or productLines' },
        ]);
      }
      const decision = decideRoute({ matrix, revenueTier, complexity, maturity: dto.maturity });

      const previous = await readLead(manager, { contactId }, { lock: true });
      if (previous) await this.handoffs.revokeOpen(manager, previous, 're-qualified', after);
      const lead = await this.saveLead(manager, contact, dto, decision, principal);
      await appendTimeline(manager, {
        type: previous ? 'lead.requalified' : 'lead.qualified',
        actor: `user:${principal.id}`,
        contactId: contact.id,
        personId: contact.person_id,
        data: {
          leadId: lead.id,
          revenueTier,
          complexity,
          maturity: dto.maturity,
          productLines: dto.productLines ?? [],
          facts: this.facts(dto),
        },
      });
      const outcome = await this.applyRoute(manager, contact, lead, decision, after);
      const reason = `${decision.reason}; ${outcome.detail}`;

      await manager.query(`UPDATE lead SET reason = $2, follow_up_at = $3, updated_at = now() WHERE id = $1`, [
        lead.id,
        reason,
        outcome.followUpAt,
      ]);
      await manager.query(`UPDATE contact SET status = $2, updated_at = now() WHERE id = $1`, [
        contact.id,
        outcome.contactStatus,
      ]);
      await appendTimeline(manager, {
        type: 'lead.routed',
        actor: 'system',
        contactId: contact.id,
        personId: contact.person_id,
        data: {
          leadId: lead.id,
          route: decision.route,
          matrixVersion: decision.matrixVersion,
          assignee: outcome.assignee ? { ...outcome.assignee } : null,
          reason,
        },
      });
      return {
        leadId: lead.id,
        route: decision.route,
        matrixVersion: decision.matrixVersion,
        assignee: outcome.assignee,
        reason,
        revenueTier,
        complexity,
        maturity: dto.maturity,
        followUpAt: outcome.followUpAt?.toISOString() ?? null,
        handoff: outcome.handoff,
      };
    });
    after.forEach((send) => send());
    this.logger.log(
      { contactId, leadId: answer.leadId, route: answer.route, matrixVersion: answer.matrixVersion },
      'lead routed',
    );
    this.notifier.changed('contact_qualified');
    return answer;
  }

  /** The agent assigned to the contact, or a supervisor or admin. */
  private async authorize(manager: EntityManager, contact: RoutableContact, principal: Principal): Promise<void> {
    if (principal.roles.some((r) => OVERSEERS.includes(r))) return;
    const [assigned] = await manager.query<{ agent_id: string }[]>(
      `SELECT agent_id FROM assignment WHERE contact_id = $1 AND ended_at IS NULL`,
      [contact.id],
    );
    if (assigned?.agent_id !== principal.id) {
      throw new DomainError(
        'forbidden',
        'only the agent assigned to the contact, a supervisor or an admin may qualify it',
      );
    }
  }

  /** Catalog entries of the codes given; an unknown or retired code is a 400 naming productLines. */
  private async productLines(
    manager: EntityManager,
    codes: string[],
  ): Promise<{ code: string; complexity: Complexity }[]> {
    if (codes.length === 0) return [];
    const rows = await manager.query<{ code: string; complexity: Complexity }[]>(
      `SELECT code, complexity FROM product_line WHERE code = ANY($1::text[]) AND active`,
      [codes],
    );
    const unknown = codes.filter((code) => !rows.some((r) => r.code === code));
    if (unknown.length > 0) {
      throw new DomainError('validation_failed', `unknown product lines: ${unknown.join(', ')}`, [
        { field: 'productLines', message: `unknown or inactive catalog codes: ${unknown.join(', ')}` },
      ]);
    }
    return rows;
  }

  private facts(dto: QualificationDto): Record<string, boolean | string> {
    const facts: Record<string, boolean | string> = {};
    for (const key of ['budget', 'authority', 'need', 'timeline'] as const) {
      const value = dto[key];
      if (value !== undefined) facts[key] = value;
    }
    if (dto.notes !== undefined) facts.notes = dto.notes;
    return facts;
  }

  private async saveLead(
    manager: EntityManager,
    contact: RoutableContact,
    dto: QualificationDto,
    decision: RouteDecision,
    principal: Principal,
  ): Promise<LeadRow> {
    const values = [
      contact.id,
      contact.customer_id,
      decision.revenueTier,
      dto.estimatedRevenue ?? null,
      decision.complexity,
      dto.productLines ?? [],
      dto.integration === true,
      dto.territory ?? null,
      dto.industry ?? null,
      dto.maturity,
      JSON.stringify(this.facts(dto)),
      decision.route,
      decision.matrixVersion,
      principal.id,
      decision.reason,
    ];
    // A new stage restarts the stall clock; the same stage keeps it (re-qualifying is not progress).
    await manager.query(
      `INSERT INTO lead (contact_id, customer_id, revenue_tier, estimated_revenue, complexity, product_lines,
                         integration, territory, industry, maturity, qualification, route, matrix_version,
                         owner_id, reason, assignee_id, partner_id)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, NULL, NULL)
       ON CONFLICT (contact_id) DO UPDATE SET
         customer_id = EXCLUDED.customer_id, revenue_tier = EXCLUDED.revenue_tier,
         estimated_revenue = EXCLUDED.estimated_revenue, complexity = EXCLUDED.complexity,
         product_lines = EXCLUDED.product_lines, integration = EXCLUDED.integration,
         territory = EXCLUDED.territory, industry = EXCLUDED.industry,
         stage_entered_at = CASE WHEN lead.maturity = EXCLUDED.maturity THEN lead.stage_entered_at ELSE now() END,
         stalled_at = CASE WHEN lead.maturity = EXCLUDED.maturity THEN lead.stalled_at ELSE NULL END,
         maturity = EXCLUDED.maturity, qualification = EXCLUDED.qualification, route = EXCLUDED.route,
         matrix_version = EXCLUDED.matrix_version, reason = EXCLUDED.reason,
         assignee_id = NULL, partner_id = NULL, follow_up_at = NULL, updated_at = now()`,
      values,
    );
    const lead = await readLead(manager, { contactId: contact.id });
    if (!lead) throw new Error(`lead of contact ${contact.id} vanished inside its transaction`);
    return lead;
  }

  private async applyRoute(
    manager: EntityManager,
    contact: RoutableContact,
    lead: LeadRow,
    decision: RouteDecision,
    after: AfterCommit,
  ): Promise<RouteOutcome> {
    switch (decision.route) {
      case 'field':
        return this.toField(manager, lead, after);
      case 'e_sales':
        return this.toESales(manager, contact, lead);
      case 'partner':
        return this.toPartner(manager, lead, after);
      case 'nurture':
        return this.toNurture(manager, contact, lead);
    }
  }

  private async toField(manager: EntityManager, lead: LeadRow, after: AfterCommit): Promise<RouteOutcome> {
    const why = await this.handoffs.route(manager, lead, [], after);
    const [handoff] = await manager.query<
      { id: string; specialist_id: string | null; due_at: Date | null; name: string | null }[]
    >(
      `SELECT h.id, h.specialist_id, h.due_at, u.name FROM handoff h LEFT JOIN app_user u ON u.id = h.specialist_id
        WHERE h.lead_id = $1 ORDER BY h.offered_at DESC, h.id DESC LIMIT 1`,
      [lead.id],
    );
    if (!handoff?.specialist_id) {
      return {
        assignee: { kind: 'supervisor', id: null, name: 'supervisors' },
        detail: `escalated: ${why}`,
        contactStatus: 'qualified',
        followUpAt: null,
        handoff: null,
      };
    }
    return {
      assignee: { kind: 'deal_specialist', id: handoff.specialist_id, name: handoff.name ?? handoff.specialist_id },
      detail: `deal specialist ${handoff.name ?? handoff.specialist_id}: ${why}`,
      contactStatus: 'qualified',
      followUpAt: null,
      handoff: { id: handoff.id, dueAt: new Date(handoff.due_at ?? Date.now()).toISOString() },
    };
  }

  /** e-Sales sells it remotely: the contact leaves this agent and is dispatched in the e-Sales queue. */
  private async toESales(manager: EntityManager, contact: RoutableContact, lead: LeadRow): Promise<RouteOutcome> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [ended] = await manager.query<[{ id: string; agent_id: string }[], number]>(
      `UPDATE assignment SET ended_at = now(), end_reason = 'handed to e-Sales'
        WHERE contact_id = $1 AND ended_at IS NULL RETURNING id, agent_id`,
      [contact.id],
    );
    for (const assignment of ended) {
      await manager.query(
        `INSERT INTO agent_profile (user_id, idle_since) VALUES ($1, now())
         ON CONFLICT (user_id) DO UPDATE SET idle_since = now(), updated_at = now()`,
        [assignment.agent_id],
      );
      await appendTimeline(manager, {
        type: 'assignment.ended',
        actor: 'system',
        contactId: contact.id,
        personId: contact.person_id,
        data: { assignmentId: assignment.id, agentId: assignment.agent_id, reason: 'handed to e-Sales' },
      });
      await writeOutbox(
        manager,
        JobName.DispatchAgent,
        `${JobName.DispatchAgent}.${assignment.agent_id}.after.${assignment.id}`,
        { agentId: assignment.agent_id, cause: `after.${assignment.id}` },
      );
    }
    await manager.query(
      `UPDATE contact SET channel = 'e_sales', assigned_agent_id = NULL, updated_at = now() WHERE id = $1`,
      [contact.id],
    );
    await writeOutbox(
      manager,
      JobName.DispatchContact,
      `${JobName.DispatchContact}.${contact.id}.e_sales.${lead.id}.${Date.now()}`,
      { contactId: contact.id, cause: `e_sales.${lead.id}.${Date.now()}` },
    );
    return {
      assignee: { kind: 'queue', id: 'e_sales', name: 'e-Sales' },
      detail: 'queued for an e-Sales agent',
      contactStatus: 'queued',
      followUpAt: null,
      handoff: null,
    };
  }

  private async toPartner(manager: EntityManager, lead: LeadRow, after: AfterCommit): Promise<RouteOutcome> {
    const partners = await manager.query<
      { id: string; name: string; regions: string[]; product_lines: string[]; active: boolean }[]
    >(`SELECT id, name, regions, product_lines, active FROM partner WHERE active`);
    const selection = selectPartner(
      partners.map((p) => ({
        id: p.id,
        name: p.name,
        regions: p.regions,
        productLines: p.product_lines,
        active: p.active,
      })),
      { territory: lead.territory, productLines: lead.product_lines },
    );
    if (!selection.partner) {
      after.push(() =>
        this.notifier.toRole(SUPERVISOR_ROLES, 'lead:unassigned', {
          leadId: lead.id,
          contactId: lead.contact_id,
          route: 'partner',
          reason: selection.reason,
        }),
      );
      return {
        assignee: { kind: 'supervisor', id: null, name: 'supervisors' },
        detail: `${selection.reason}: the supervisor assigns it`,
        contactStatus: 'qualified',
        followUpAt: null,
        handoff: null,
      };
    }
    await manager.query(`UPDATE lead SET partner_id = $2 WHERE id = $1`, [lead.id, selection.partner.id]);
    await writeOutbox(
      manager,
      JobName.SendRoutingMail,
      `${JobName.SendRoutingMail}.partner_referral.${lead.id}.${selection.partner.id}.${Date.now()}`,
      { kind: 'partner_referral', leadId: lead.id },
    );
    return {
      assignee: { kind: 'partner', id: selection.partner.id, name: selection.partner.name },
      detail: selection.reason,
      contactStatus: 'qualified',
      followUpAt: null,
      handoff: null,
    };
  }

  /** Demand Generation matures it: back in its queue on the follow-up date (a delayed job). */
  private async toNurture(manager: EntityManager, contact: RoutableContact, lead: LeadRow): Promise<RouteOutcome> {
    const followUpAt = new Date(Date.now() + this.config.NURTURE_FOLLOW_UP_DAYS * DAY_MS);
    await manager.query(`UPDATE contact SET channel = 'demand_generation', updated_at = now() WHERE id = $1`, [
      contact.id,
    ]);
    await writeOutbox(
      manager,
      JobName.FollowUpLead,
      `${JobName.FollowUpLead}.${lead.id}.${followUpAt.getTime()}`,
      { leadId: lead.id, followUpAt: followUpAt.toISOString() },
      { runAt: followUpAt },
    );
    return {
      assignee: { kind: 'queue', id: 'demand_generation', name: 'Demand Generation' },
      detail: `Demand Generation follows up on ${followUpAt.toISOString().slice(0, 10)}`,
      contactStatus: 'qualified',
      followUpAt,
      handoff: null,
    };
  }
}
