import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import { scopeOf } from '../../auth/domain/access-policy';
import { notFound } from '../../common/domain-error';
import { ContactRepository } from '../../contacts/contact.repository';
import type { ContactStatus } from '../../contacts/contact.types';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { leadOwnerOf } from '../domain/opportunity';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { AssignmentRepository } from '../offers/assignment.repository';
import { HandoffRecord, HandoffRepository } from './handoff.repository';
import type { LeadListing } from './lead';
import { LeadRepository } from './lead.repository';
import type { HandoffView, LeadSummaryView, LeadView, ListLeadsQuery } from './leads.dto';
import type { AssigneeView } from './qualification.dto';

export type FollowUpOutcome = 'requeued' | 'not_due' | 'busy' | 'missing';

/** The statuses a nurtured contact is reopened from (the `reopen` transition). */
const REOPENABLE: readonly ContactStatus[] = ['qualified', 'closed'];

/** Staff's read side of leads, and the nurture follow-up. */
@Injectable()
export class LeadsService {
  private readonly logger = new Logger(LeadsService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly handoffs: HandoffRepository,
    private readonly contacts: ContactRepository,
    private readonly assignments: AssignmentRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** The lead, when the caller may see it (access policy); otherwise 404, as if there were none. */
  async get(id: string, viewer: Principal): Promise<LeadView> {
    // One snapshot: the lead, its handoffs and its history agree even while a handoff moves on.
    return this.unitOfWork.run(
      async () => {
        const lead = await this.leads.listing(id, scopeOf(viewer));
        if (!lead) throw notFound('lead', id);
        const handoffs = await this.handoffs.listForLead(id);
        const history = await this.timeline.forContact(lead.contactId);
        return {
          ...summaryOf(lead),
          handoffs: handoffs.map(handoffView),
          history: history.map((e) => ({
            id: e.id,
            type: e.type,
            actor: e.actor,
            data: e.data,
            occurredAt: e.occurredAt,
          })),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /** Newest first; `stalled=true` is the list of stalled leads (most recently stalled first). */
  async list(query: ListLeadsQuery, viewer: Principal): Promise<LeadSummaryView[]> {
    const stalled = query.stalled === undefined ? undefined : query.stalled === 'true';
    const rows = await this.leads.list(
      {
        stalled,
        route: query.route,
        assigneeId: query.assigneeId,
        customerId: query.customerId,
        limit: query.limit ?? 50,
      },
      scopeOf(viewer),
    );
    return rows.map(summaryOf);
  }

  /**
   * A nurtured lead's follow-up date came: its contact goes back to the Demand Generation queue to
   * be offered to an agent. Skipped when the lead was re-routed since, or an agent holds the contact.
   * A redelivered timer finds the contact queued already and changes nothing.
   */
  async followUp(leadId: string, followUpAt: string): Promise<FollowUpOutcome> {
    const outcome = await this.unitOfWork.run(async (): Promise<FollowUpOutcome> => {
      const contactId = await this.leads.contactIdOf(leadId);
      if (!contactId) return 'missing';
      // Lock order: the contact, then its lead (as qualification does).
      const contact = await this.contacts.lockRoutable(contactId);
      const lead = await this.leads.findById(leadId, { lock: true });
      if (!contact || !lead) return 'missing';
      if (lead.route !== 'nurture' || lead.followUpAt?.getTime() !== new Date(followUpAt).getTime()) {
        return 'not_due';
      }
      if (await this.assignments.activeFor(contactId)) return 'busy';
      // Already back in a queue or offered to an agent: the dispatcher has it.
      if (!REOPENABLE.includes(contact.status)) return 'busy';
      await this.contacts.transition(contactId, 'reopen', { channel: 'demand_generation' });
      await this.timeline.append({
        type: 'lead.follow_up_due',
        actor: 'system',
        contactId,
        personId: lead.personId,
        data: { leadId, followUpAt, reason: 'nurture follow-up date: back to the Demand Generation queue' },
      });
      const cause = `follow-up.${new Date(followUpAt).getTime()}`;
      await this.jobs.enqueue(JobName.DispatchContact, { contactId, cause });
      return 'requeued';
    });
    this.logger.log({ leadId, outcome }, 'nurture follow-up');
    return outcome;
  }
}

function handoffView(h: HandoffRecord): HandoffView {
  return {
    id: h.id,
    specialistId: h.specialistId,
    status: h.status,
    reason: h.reason,
    triedIds: h.triedIds,
    offeredAt: h.offeredAt.toISOString(),
    dueAt: h.dueAt?.toISOString() ?? null,
    decidedAt: h.decidedAt?.toISOString() ?? null,
    decisionReason: h.decisionReason,
  };
}

function summaryOf(l: LeadListing): LeadSummaryView {
  return {
    id: l.id,
    contactId: l.contactId,
    customerId: l.customerId,
    revenueTier: l.revenueTier,
    estimatedRevenue: l.estimatedRevenue,
    complexity: l.complexity,
    productLines: l.productLines,
    integration: l.integration,
    territory: l.territory,
    industry: l.industry,
    maturity: l.maturity,
    stageEnteredAt: l.stageEnteredAt.toISOString(),
    qualification: l.qualification,
    route: l.route,
    matrixVersion: l.matrixVersion,
    assignee: assigneeOf(l),
    assigneeId: l.assigneeId,
    ownerId: leadOwnerOf(l),
    qualifiedById: l.ownerId,
    relationshipOwnerId: l.relationshipOwnerId,
    amount: l.amount,
    expectedCloseAt: l.expectedCloseAt?.toISOString() ?? null,
    closedAt: l.closedAt?.toISOString() ?? null,
    outcomeReason: l.outcomeReason,
    reason: l.reason,
    stalledAt: l.stalledAt?.toISOString() ?? null,
    followUpAt: l.followUpAt?.toISOString() ?? null,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

function assigneeOf(lead: LeadListing): AssigneeView | null {
  switch (lead.route) {
    case 'field':
      return lead.assigneeId
        ? { kind: 'deal_specialist', id: lead.assigneeId, name: lead.assigneeName ?? lead.assigneeId }
        : { kind: 'supervisor', id: null, name: 'supervisors' };
    case 'partner':
      return lead.partnerId
        ? { kind: 'partner', id: lead.partnerId, name: lead.partnerName ?? lead.partnerId }
        : { kind: 'supervisor', id: null, name: 'supervisors' };
    case 'e_sales':
      return { kind: 'queue', id: 'e_sales', name: 'e-Sales' };
    case 'nurture':
      return { kind: 'queue', id: 'demand_generation', name: 'Demand Generation' };
  }
}
