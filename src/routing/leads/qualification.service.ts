import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import type { Complexity } from '../../catalog/catalog.types';
import { ProductLineRepository } from '../../catalog/product-line.repository';
import { Clock } from '../../common/clock';
import { DomainError, notFound } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { ContactRepository, RoutableContact } from '../../contacts/contact.repository';
import type { SalesChannel } from '../../contacts/contact.types';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { AgentNotifier, SUPERVISOR_ROLES } from '../agent-notifier';
import { complexityOf, decideRoute, RevenueTier, revenueTierOf, RouteDecision } from '../domain/channel-matrix';
import { selectPartner } from '../domain/partner-selection';
import { ChannelMatrixService } from '../matrix/channel-matrix.service';
import { AssignmentRepository } from '../offers/assignment.repository';
import { AssignmentsService } from '../offers/assignments.service';
import { PartnerRepository } from '../partners/partner.repository';
import { HandoffService } from './handoff.service';
import type { Lead } from './lead';
import { LeadRepository } from './lead.repository';
import type { AssigneeView, QualificationAnswer, QualificationDto } from './qualification.dto';

const OVERSEERS = ['supervisor', 'admin'];
const DAY_MS = 24 * 60 * 60 * 1000;
const SUPERVISORS: AssigneeView = { kind: 'supervisor', id: null, name: 'supervisors' };

interface RouteOutcome {
  assignee: AssigneeView | null;
  /** Why this assignee, appended to the route's reason. */
  detail: string;
  /** How the contact moves on: qualified, or back in a queue (e-Sales) in another channel. */
  contact: { transition: 'qualify' | 'handToESales'; channel?: SalesChannel };
  partnerId: string | null;
  followUpAt: Date | null;
  handoff: { id: string; dueAt: string } | null;
}

/**
 * Turns a contact into a lead (or updates its lead) and routes it with the channel matrix in force:
 * field -> a deal specialist (handoff with SLA), e_sales -> the e-Sales queue (the contact is
 * dispatched again), partner -> the best partner (mail), nurture -> Demand Generation with a
 * follow-up date. One unit of work holding the contact row: two qualifications of one contact
 * cannot interleave, and the lead, its route, its timeline and its jobs commit together.
 */
@Injectable()
export class QualificationService {
  private readonly logger = new Logger(QualificationService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly assignments: AssignmentRepository,
    private readonly assignmentsService: AssignmentsService,
    private readonly leads: LeadRepository,
    private readonly productLines: ProductLineRepository,
    private readonly partners: PartnerRepository,
    private readonly matrix: ChannelMatrixService,
    private readonly handoffs: HandoffService,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: Pick<AppConfig, 'NURTURE_FOLLOW_UP_DAYS'>,
  ) {}

  async qualify(contactId: string, dto: QualificationDto, principal: Principal): Promise<QualificationAnswer> {
    return this.unitOfWork.run(async () => {
      const contact = await this.contacts.lockRoutable(contactId);
      if (!contact) throw notFound('contact', contactId);
      await this.authorize(contact, principal);
      const decision = await this.decide(dto);

      const previous = await this.leads.findByContact(contactId, { lock: true });
      if (previous) await this.handoffs.revokeOpen(previous, 're-qualified');
      const lead = await this.leads.upsertQualified({
        contactId: contact.id,
        customerId: contact.customer_id,
        revenueTier: decision.revenueTier,
        estimatedRevenue: dto.estimatedRevenue ?? null,
        complexity: decision.complexity,
        productLines: dto.productLines ?? [],
        integration: dto.integration === true,
        territory: dto.territory ?? null,
        industry: dto.industry ?? null,
        maturity: dto.maturity,
        qualification: this.facts(dto),
        route: decision.route,
        matrixVersion: decision.matrixVersion,
        ownerId: principal.id,
        reason: decision.reason,
      });
      const [qualifiedEvent] = await this.timeline.append({
        type: previous ? 'lead.requalified' : 'lead.qualified',
        actor: `user:${principal.id}`,
        contactId: contact.id,
        personId: contact.person_id,
        data: {
          leadId: lead.id,
          revenueTier: decision.revenueTier,
          complexity: decision.complexity,
          maturity: dto.maturity,
          productLines: dto.productLines ?? [],
          facts: this.facts(dto),
        },
      });
      const outcome = await this.applyRoute(contact, lead, decision, qualifiedEvent);
      const reason = `${decision.reason}; ${outcome.detail}`;
      await this.record(contact, lead, decision, outcome, reason);

      const answer: QualificationAnswer = {
        leadId: lead.id,
        route: decision.route,
        matrixVersion: decision.matrixVersion,
        assignee: outcome.assignee,
        reason,
        revenueTier: decision.revenueTier,
        complexity: decision.complexity,
        maturity: dto.maturity,
        followUpAt: outcome.followUpAt?.toISOString() ?? null,
        handoff: outcome.handoff,
      };
      this.unitOfWork.afterCommit(() => {
        const { leadId, route, matrixVersion } = answer;
        this.logger.log({ contactId, leadId, route, matrixVersion }, 'lead routed');
        this.notifier.changed('contact_qualified');
      });
      return answer;
    });
  }

  /** The agent assigned to the contact, or a supervisor or admin. */
  private async authorize(contact: RoutableContact, principal: Principal): Promise<void> {
    if (principal.roles.some((r) => OVERSEERS.includes(r))) return;
    const assigned = await this.assignments.activeFor(contact.id);
    if (assigned?.agentId !== principal.id) {
      throw new DomainError(
        'forbidden',
        'only the agent assigned to the contact, a supervisor or an admin may qualify it',
      );
    }
  }

  /** The route the matrix in force gives this qualification. */
  private async decide(dto: QualificationDto): Promise<RouteDecision> {
    const matrix = await this.matrix.current();
    const lines = await this.lines(dto.productLines ?? []);
    const revenueTier: RevenueTier =
      dto.revenueTier ?? revenueTierOf(dto.estimatedRevenue ?? 0, matrix.revenueThresholds);
    const complexity: Complexity | null =
      dto.complexity ?? complexityOf(lines, { integration: dto.integration === true });
    if (complexity === null) {
      throw new DomainError('validation_failed', 'complexity or at least one product line is required', [
        { field: 'complexity', message: 'give complexity or productLines' },
      ]);
    }
    return decideRoute({ matrix, revenueTier, complexity, maturity: dto.maturity });
  }

  /** Catalog entries of the codes given; an unknown or retired code is a 400 naming productLines. */
  private async lines(codes: string[]): Promise<{ code: string; complexity: Complexity }[]> {
    const rows = await this.productLines.activeByCodes(codes);
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

  /** Writes what the route did: the lead's reason and follow-up, the contact's status, the timeline. */
  private async record(
    contact: RoutableContact,
    lead: Lead,
    decision: RouteDecision,
    outcome: RouteOutcome,
    reason: string,
  ): Promise<void> {
    await this.leads.recordRoute(lead.id, { reason, followUpAt: outcome.followUpAt, partnerId: outcome.partnerId });
    const { transition, channel } = outcome.contact;
    await this.contacts.transition(contact.id, transition, channel ? { channel } : {});
    await this.timeline.append({
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
  }

  /** `qualifiedEvent`: the id of the lead.(re)qualified event, the cause of the jobs the route starts. */
  private async applyRoute(
    contact: RoutableContact,
    lead: Lead,
    decision: RouteDecision,
    qualifiedEvent: string,
  ): Promise<RouteOutcome> {
    switch (decision.route) {
      case 'field':
        return this.toField(lead);
      case 'e_sales':
        return this.toESales(contact, qualifiedEvent);
      case 'partner':
        return this.toPartner(lead, qualifiedEvent);
      case 'nurture':
        return this.toNurture(lead);
    }
  }

  private async toField(lead: Lead): Promise<RouteOutcome> {
    const routed = await this.handoffs.route(lead, []);
    const base = { contact: { transition: 'qualify' as const }, partnerId: null, followUpAt: null };
    if (routed.kind === 'escalated') {
      return { ...base, assignee: SUPERVISORS, detail: `escalated: ${routed.reason}`, handoff: null };
    }
    const { id, specialistId, specialistName, dueAt } = routed.handoff;
    const name = specialistName ?? specialistId;
    return {
      ...base,
      assignee: { kind: 'deal_specialist', id: specialistId, name },
      detail: `deal specialist ${name}: ${routed.reason}`,
      handoff: { id, dueAt: dueAt.toISOString() },
    };
  }

  /** e-Sales sells it remotely: the contact leaves this agent and is dispatched in the e-Sales queue. */
  private async toESales(contact: RoutableContact, qualifiedEvent: string): Promise<RouteOutcome> {
    await this.assignmentsService.handOver(contact.id, contact.person_id, 'handed to e-Sales');
    await this.jobs.enqueue(JobName.DispatchContact, { contactId: contact.id, cause: `e_sales.${qualifiedEvent}` });
    return {
      assignee: { kind: 'queue', id: 'e_sales', name: 'e-Sales' },
      detail: 'queued for an e-Sales agent',
      contact: { transition: 'handToESales', channel: 'e_sales' },
      partnerId: null,
      followUpAt: null,
      handoff: null,
    };
  }

  private async toPartner(lead: Lead, qualifiedEvent: string): Promise<RouteOutcome> {
    const selection = selectPartner(await this.partners.active(), {
      territory: lead.territory,
      productLines: lead.productLines,
    });
    const base = { contact: { transition: 'qualify' as const }, followUpAt: null, handoff: null };
    if (!selection.partner) {
      this.unitOfWork.afterCommit(() =>
        this.notifier.toRole(SUPERVISOR_ROLES, 'lead:unassigned', {
          leadId: lead.id,
          contactId: lead.contactId,
          route: 'partner',
          reason: selection.reason,
        }),
      );
      return {
        ...base,
        assignee: SUPERVISORS,
        detail: `${selection.reason}: the supervisor assigns it`,
        partnerId: null,
      };
    }
    // One referral per qualification: a re-qualification that picks the partner again refers again.
    await this.jobs.enqueue(JobName.SendRoutingMail, {
      kind: 'partner_referral',
      leadId: lead.id,
      cause: qualifiedEvent,
    });
    return {
      ...base,
      assignee: { kind: 'partner', id: selection.partner.id, name: selection.partner.name },
      detail: selection.reason,
      partnerId: selection.partner.id,
    };
  }

  /** Demand Generation matures it: back in its queue on the follow-up date (a durable timer). */
  private async toNurture(lead: Lead): Promise<RouteOutcome> {
    const followUpAt = this.clock.in(this.config.NURTURE_FOLLOW_UP_DAYS * DAY_MS);
    await this.jobs.enqueue(
      JobName.FollowUpLead,
      { leadId: lead.id, followUpAt: followUpAt.toISOString() },
      { runAt: followUpAt },
    );
    return {
      assignee: { kind: 'queue', id: 'demand_generation', name: 'Demand Generation' },
      detail: `Demand Generation follows up on ${followUpAt.toISOString().slice(0, 10)}`,
      contact: { transition: 'qualify', channel: 'demand_generation' },
      partnerId: null,
      followUpAt,
      handoff: null,
    };
  }
}
