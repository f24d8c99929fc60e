import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import { BusinessCalendarSource } from '../../business-hours/business-calendar-source';
import { Clock } from '../../common/clock';
import { DomainError, notFound } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { AgentNotifier, HandoffEvent, SUPERVISOR_ROLES } from '../agent-notifier';
import { AgentRoster } from '../agents/agent-roster.service';
import { handoffDeadline, nextEscalation } from '../domain/deal-specialist-selection';
import { HandoffRecord, HandoffRepository } from './handoff.repository';
import { Lead, leadSummary } from './lead';
import { LeadRepository } from './lead.repository';

export type HandoffExpireOutcome = 'escalated' | 'already_decided' | 'missing';

/** What routing a lead to the deal specialists did: offered it to one, or escalated it. */
export type HandoffRouting =
  | {
      kind: 'offered';
      reason: string;
      handoff: { id: string; specialistId: string; specialistName: string | null; dueAt: Date };
    }
  | { kind: 'escalated'; reason: string; handoffId: string };

/**
 * The handoff of a field lead to a face-to-face deal specialist: offered with an acceptance SLA
 * (HANDOFF_SLA_MINUTES of business time, a durable timer enqueued with the offer), accepted, or declined/expired and
 * then offered to the next specialist (nextEscalation), and to the supervisors once nobody is left.
 * Locks: the lead row, then the handoff row (qualification locks contact -> lead -> handoff).
 */
@Injectable()
export class HandoffService {
  private readonly logger = new Logger(HandoffService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly handoffs: HandoffRepository,
    private readonly roster: AgentRoster,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: Pick<AppConfig, 'HANDOFF_SLA_MINUTES'>,
    private readonly businessHours: BusinessCalendarSource,
  ) {}

  private get slaMs(): number {
    return Math.round(this.config.HANDOFF_SLA_MINUTES * 60_000);
  }

  /** Offers the lead to the best specialist not yet tried, or escalates; joins the caller's unit. */
  async route(lead: Lead, triedIds: string[]): Promise<HandoffRouting> {
    return this.unitOfWork.run(async () => {
      const specialists = await this.roster.dealSpecialists();
      const next = nextEscalation(triedIds, specialists, {
        territory: lead.territory,
        industry: lead.industry,
        productLines: lead.productLines,
      });
      if (next.escalateTo === 'supervisor') {
        const handoffId = await this.escalate(lead, next.reason, triedIds);
        return { kind: 'escalated', reason: next.reason, handoffId };
      }
      const handoff = await this.offer(lead, next.specialist.id, next.reason, triedIds);
      return { kind: 'offered', reason: next.reason, handoff };
    });
  }

  async accept(principal: Principal, handoffId: string): Promise<{ handoffId: string; leadId: string }> {
    return this.unitOfWork.run(async () => {
      const { handoff, lead } = await this.lockOpenOf(principal.id, handoffId);
      if (handoff.dueAt && handoff.dueAt.getTime() <= this.clock.nowMs()) {
        throw new DomainError('conflict', `handoff ${handoffId} was due at ${handoff.dueAt.toISOString()}`);
      }
      await this.handoffs.decide(handoffId, 'accepted', null);
      // From the handoff on the deal specialist owns the lead (leadOwnerOf).
      await this.leads.setDealSpecialist(lead.id, principal.id);
      await this.timeline.append({
        type: 'handoff.accepted',
        actor: `user:${principal.id}`,
        contactId: lead.contactId,
        personId: lead.personId,
        data: { handoffId, leadId: lead.id, specialistId: principal.id },
      });
      const result = { handoffId, leadId: lead.id };
      this.unitOfWork.afterCommit(() => {
        this.logger.log({ ...result, specialistId: principal.id }, 'handoff accepted');
        this.notifier.changed('handoff_accepted');
      });
      return result;
    });
  }

  async decline(principal: Principal, handoffId: string, reason: string | undefined): Promise<void> {
    await this.unitOfWork.run(async () => {
      const { handoff, lead } = await this.lockOpenOf(principal.id, handoffId);
      await this.closeAndMoveOn(lead, handoff, 'declined', reason ?? 'declined by the specialist');
    });
  }

  /** The SLA fired: when still not accepted, the lead moves on (a redelivered timer changes nothing). */
  async expire(handoffId: string): Promise<HandoffExpireOutcome> {
    return this.unitOfWork.run(async (): Promise<HandoffExpireOutcome> => {
      const located = await this.lockById(handoffId);
      if (!located) return 'missing';
      const { handoff, lead } = located;
      if (handoff.status !== 'offered') return 'already_decided';
      const minutes = this.config.HANDOFF_SLA_MINUTES;
      await this.closeAndMoveOn(lead, handoff, 'expired', `not accepted within ${minutes} minutes`);
      return 'escalated';
    });
  }

  /** Withdraws the lead's open handoff (the lead was re-qualified); joins the caller's unit. */
  async revokeOpen(lead: Lead, reason: string): Promise<void> {
    await this.unitOfWork.run(async () => {
      const open = await this.handoffs.lockOpenForLead(lead.id);
      if (!open) return;
      await this.handoffs.decide(open.id, 'revoked', reason);
      await this.timeline.append({
        type: 'handoff.revoked',
        actor: 'system',
        contactId: lead.contactId,
        personId: lead.personId,
        data: { handoffId: open.id, leadId: lead.id, specialistId: open.specialistId, reason },
      });
      const specialistId = open.specialistId;
      if (specialistId) {
        this.unitOfWork.afterCommit(() =>
          this.notifier.toUser(specialistId, 'handoff:revoked', { handoffId: open.id, leadId: lead.id, reason }),
        );
      }
    });
  }

  /** The user's open handoffs as `handoff` events, for a console that (re)connects. */
  async openFor(userId: string): Promise<HandoffEvent[]> {
    const events: HandoffEvent[] = [];
    for (const handoff of await this.handoffs.openFor(userId)) {
      const lead = await this.leads.findById(handoff.leadId);
      if (lead) events.push(this.event(handoff.id, lead, handoff.dueAt ?? this.clock.now(), handoff.reason));
    }
    return events;
  }

  private async offer(
    lead: Lead,
    specialistId: string,
    reason: string,
    triedIds: string[],
  ): Promise<{ id: string; specialistId: string; specialistName: string | null; dueAt: Date }> {
    const offeredAt = this.clock.now();
    // handoffDeadline refuses a zero or negative SLA; the due date itself counts business hours
    // only, so a field lead offered at 17:55 on a Friday with a 4-hour SLA is due at 12:55 on Monday.
    handoffDeadline(offeredAt.getTime(), this.slaMs);
    const dueAt = await this.businessHours.dueAfter(offeredAt, this.slaMs);
    const handoff = await this.handoffs.offer({
      leadId: lead.id,
      specialistId,
      reason,
      triedIds: [...triedIds, specialistId],
      dueAt,
    });
    await this.leads.setAssignee(lead.id, specialistId);
    await this.timeline.append({
      type: 'handoff.offered',
      actor: 'system',
      contactId: lead.contactId,
      personId: lead.personId,
      data: {
        handoffId: handoff.id,
        leadId: lead.id,
        specialistId,
        reason,
        dueAt: dueAt.toISOString(),
        attempt: triedIds.length + 1,
      },
    });
    await this.jobs.enqueue(JobName.ExpireHandoff, { handoffId: handoff.id }, { runAt: dueAt });
    await this.jobs.enqueue(JobName.SendRoutingMail, { kind: 'handoff_offered', handoffId: handoff.id });
    const event = this.event(handoff.id, lead, dueAt, reason);
    this.unitOfWork.afterCommit(() => {
      this.notifier.toUser(specialistId, 'handoff', event);
      this.logger.log({ handoffId: handoff.id, leadId: lead.id, specialistId, dueAt }, 'handoff offered');
    });
    return { id: handoff.id, specialistId, specialistName: handoff.specialistName, dueAt };
  }

  /** Nobody can take the lead: the supervisors are asked to assign it (socket and mail). */
  private async escalate(lead: Lead, reason: string, triedIds: string[]): Promise<string> {
    const { id } = await this.handoffs.escalate({ leadId: lead.id, reason, triedIds });
    await this.leads.setAssignee(lead.id, null);
    await this.timeline.append({
      type: 'handoff.escalated',
      actor: 'system',
      contactId: lead.contactId,
      personId: lead.personId,
      data: { handoffId: id, leadId: lead.id, to: 'supervisor', reason, triedIds },
    });
    await this.jobs.enqueue(JobName.SendRoutingMail, { kind: 'handoff_escalated', handoffId: id });
    this.unitOfWork.afterCommit(() => {
      this.notifier.toRole(SUPERVISOR_ROLES, 'handoff:escalated', {
        leadId: lead.id,
        contactId: lead.contactId,
        route: lead.route,
        reason,
      });
      this.logger.warn({ handoffId: id, leadId: lead.id, reason }, 'handoff escalated to the supervisors');
    });
    return id;
  }

  private async closeAndMoveOn(
    lead: Lead,
    handoff: HandoffRecord,
    status: 'declined' | 'expired',
    reason: string,
  ): Promise<void> {
    await this.handoffs.decide(handoff.id, status, reason);
    await this.timeline.append({
      type: `handoff.${status}`,
      actor: status === 'declined' && handoff.specialistId ? `user:${handoff.specialistId}` : 'system',
      contactId: lead.contactId,
      personId: lead.personId,
      data: { handoffId: handoff.id, leadId: lead.id, specialistId: handoff.specialistId, reason },
    });
    const specialistId = handoff.specialistId;
    if (specialistId && status === 'expired') {
      this.unitOfWork.afterCommit(() =>
        this.notifier.toUser(specialistId, 'handoff:revoked', {
          handoffId: handoff.id,
          leadId: lead.id,
          reason: 'expired',
        }),
      );
    }
    await this.route(lead, handoff.triedIds);
  }

  /** Locks the handoff's lead, then the handoff (the lock order of every handoff change). */
  private async lockById(handoffId: string): Promise<{ handoff: HandoffRecord; lead: Lead } | null> {
    const leadId = await this.handoffs.leadIdOf(handoffId);
    if (!leadId) return null;
    const lead = await this.leads.findById(leadId, { lock: true });
    const handoff = await this.handoffs.lockById(handoffId);
    if (!lead || !handoff) return null;
    return { handoff, lead };
  }

  private async lockOpenOf(userId: string, handoffId: string): Promise<{ handoff: HandoffRecord; lead: Lead }> {
    const located = await this.lockById(handoffId);
    if (!located) throw notFound('handoff', handoffId);
    if (located.handoff.specialistId !== userId) {
      throw new DomainError('forbidden', `handoff ${handoffId} was offered to another deal specialist`);
    }
    if (located.handoff.status !== 'offered') {
      throw new DomainError('conflict', `handoff ${handoffId} was already ${located.handoff.status}`);
    }
    return located;
  }

  private event(handoffId: string, lead: Lead, dueAt: Date, reason: string): HandoffEvent {
    return {
      handoffId,
      leadId: lead.id,
      contactId: lead.contactId,
      dueAt: dueAt.toISOString(),
      reason,
      summary: leadSummary(lead),
      revenueTier: lead.revenueTier,
      complexity: lead.complexity,
      maturity: lead.maturity,
    };
  }
}
