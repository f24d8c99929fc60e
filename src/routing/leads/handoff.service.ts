import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../../auth/auth.types';
import { DomainError, notFound } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { writeOutbox } from '../../outbox/outbox';
import { JobName } from '../../queues/queue.constants';
import { appendTimeline } from '../../timeline/timeline';
import { AgentNotifier, HandoffEvent, SUPERVISOR_ROLES } from '../agent-notifier';
import { AgentRoster } from '../agents/agent-roster.service';
import { handoffDeadline, nextEscalation } from '../domain/deal-specialist-selection';
import type { HandoffStatus } from './handoff.entity';
import { LeadRow, leadSummary, readLead } from './lead-row';

interface HandoffRow {
  id: string;
  lead_id: string;
  specialist_id: string | null;
  status: HandoffStatus;
  reason: string;
  tried_ids: string[];
  due_at: Date | null;
}

/** Notifications to send once the transaction that decided them has committed. */
export type AfterCommit = (() => void)[];

export type HandoffExpireOutcome = 'escalated' | 'already_decided' | 'missing';

/**
 * The handoff of a field lead to a face-to-face deal specialist: offered with an acceptance SLA
 * (HANDOFF_SLA_MINUTES, a delayed job written with the offer), accepted, or declined/expired and
 * then offered to the next specialist (nextEscalation), and to the supervisors once nobody is left.
 * Locks: the lead row, then the handoff row (qualification locks contact -> lead -> handoff).
 */
@Injectable()
export class HandoffService {
  private readonly logger = new Logger(HandoffService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly roster: AgentRoster,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private get slaMs(): number {
    return Math.round(this.config.HANDOFF_SLA_MINUTES * 60_000);
  }

  /** Offers the lead to the best specialist not yet tried, or escalates; inside the caller's transaction. */
  async route(manager: EntityManager, lead: LeadRow, triedIds: string[], after: AfterCommit): Promise<string> {
    const specialists = await this.roster.dealSpecialists();
    const next = nextEscalation(triedIds, specialists, {
      territory: lead.territory,
      industry: lead.industry,
      productLines: lead.product_lines,
    });
    if (next.escalateTo === 'supervisor') {
      await this.escalate(manager, lead, next.reason, triedIds, after);
      return next.reason;
    }
    await this.offer(manager, lead, next.specialist.id, next.reason, triedIds, after);
    return next.reason;
  }

  async accept(principal: Principal, handoffId: string): Promise<{ handoffId: string; leadId: string }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const { handoff } = await this.lockOpenOf(manager, principal.id, handoffId);
      if (handoff.due_at && new Date(handoff.due_at).getTime() <= Date.now()) {
        throw new DomainError('conflict', `handoff ${handoffId} was due at ${new Date(handoff.due_at).toISOString()}`);
      }
      await manager.query(`UPDATE handoff SET status = 'accepted', decided_at = now() WHERE id = $1`, [handoffId]);
      const lead = await readLead(manager, { id: handoff.lead_id });
      await appendTimeline(manager, {
        type: 'handoff.accepted',
        actor: `user:${principal.id}`,
        contactId: lead?.contact_id ?? null,
        personId: lead?.person_id ?? null,
        data: { handoffId, leadId: handoff.lead_id, specialistId: principal.id },
      });
      return { handoffId, leadId: handoff.lead_id };
    });
    this.logger.log({ ...result, specialistId: principal.id }, 'handoff accepted');
    this.notifier.changed('handoff_accepted');
    return result;
  }

  async decline(principal: Principal, handoffId: string, reason: string | undefined): Promise<void> {
    const after: AfterCommit = [];
    await this.dataSource.transaction(async (manager) => {
      const { handoff, lead } = await this.lockOpenOf(manager, principal.id, handoffId);
      await this.closeAndMoveOn(manager, lead, handoff, 'declined', reason ?? 'declined by the specialist', after);
    });
    after.forEach((send) => send());
  }

  /** The SLA fired: when still not accepted, the lead moves on (idempotent). */
  async expire(handoffId: string): Promise<HandoffExpireOutcome> {
    const after: AfterCommit = [];
    const outcome = await this.dataSource.transaction(async (manager): Promise<HandoffExpireOutcome> => {
      const located = await this.lockById(manager, handoffId);
      if (!located) return 'missing';
      const { handoff, lead } = located;
      if (handoff.status !== 'offered') return 'already_decided';
      const minutes = this.config.HANDOFF_SLA_MINUTES;
      await this.closeAndMoveOn(manager, lead, handoff, 'expired', `not accepted within ${minutes} minutes`, after);
      return 'escalated';
    });
    after.forEach((send) => send());
    return outcome;
  }

  /** Withdraws the lead's open handoff (the lead was re-qualified); inside the caller's transaction. */
  async revokeOpen(manager: EntityManager, lead: LeadRow, reason: string, after: AfterCommit): Promise<void> {
    const [open] = await manager.query<HandoffRow[]>(
      `SELECT * FROM handoff WHERE lead_id = $1 AND status = 'offered' FOR UPDATE`,
      [lead.id],
    );
    if (!open) return;
    await manager.query(
      `UPDATE handoff SET status = 'revoked', decided_at = now(), decision_reason = $2 WHERE id = $1`,
      [open.id, reason],
    );
    await appendTimeline(manager, {
      type: 'handoff.revoked',
      actor: 'system',
      contactId: lead.contact_id,
      personId: lead.person_id,
      data: { handoffId: open.id, leadId: lead.id, specialistId: open.specialist_id, reason },
    });
    if (open.specialist_id) {
      const specialistId = open.specialist_id;
      after.push(() =>
        this.notifier.toUser(specialistId, 'handoff:revoked', { handoffId: open.id, leadId: lead.id, reason }),
      );
    }
  }

  /** The user's open handoffs as `handoff` events, for a console that (re)connects. */
  async openFor(userId: string): Promise<HandoffEvent[]> {
    const rows = await this.dataSource.query<(HandoffRow & { contact_id: string })[]>(
      `SELECT h.*, l.contact_id FROM handoff h JOIN lead l ON l.id = h.lead_id
        WHERE h.specialist_id = $1 AND h.status = 'offered' ORDER BY h.offered_at`,
      [userId],
    );
    const events: HandoffEvent[] = [];
    for (const row of rows) {
      const lead = await readLead(this.dataSource.manager, { id: row.lead_id });
      if (lead) events.push(this.event(row.id, lead, row.due_at ?? new Date(), row.reason));
    }
    return events;
  }

  private async offer(
    manager: EntityManager,
    lead: LeadRow,
    specialistId: string,
    reason: string,
    triedIds: string[],
    after: AfterCommit,
  ): Promise<void> {
    const dueAt = new Date(handoffDeadline(Date.now(), this.slaMs));
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO handoff (lead_id, specialist_id, status, reason, tried_ids, due_at)
       VALUES ($1, $2, 'offered', $3, $4::uuid[], $5) RETURNING id`,
      [lead.id, specialistId, reason, [...triedIds, specialistId], dueAt],
    );
    await manager.query(`UPDATE lead SET assignee_id = $2, updated_at = now() WHERE id = $1`, [lead.id, specialistId]);
    await appendTimeline(manager, {
      type: 'handoff.offered',
      actor: 'system',
      contactId: lead.contact_id,
      personId: lead.person_id,
      data: {
        handoffId: id,
        leadId: lead.id,
        specialistId,
        reason,
        dueAt: dueAt.toISOString(),
        attempt: triedIds.length + 1,
      },
    });
    await writeOutbox(
      manager,
      JobName.ExpireHandoff,
      `${JobName.ExpireHandoff}.${id}`,
      { handoffId: id },
      { runAt: dueAt },
    );
    await writeOutbox(manager, JobName.SendRoutingMail, `${JobName.SendRoutingMail}.handoff_offered.${id}`, {
      kind: 'handoff_offered',
      handoffId: id,
    });
    const event = this.event(id, lead, dueAt, reason);
    after.push(() => this.notifier.toUser(specialistId, 'handoff', event));
    this.logger.log({ handoffId: id, leadId: lead.id, specialistId, dueAt }, 'handoff offered');
  }

  /** Nobody can take the lead: the supervisors are asked to assign it (socket and mail). */
  private async escalate(
    manager: EntityManager,
    lead: LeadRow,
    reason: string,
    triedIds: string[],
    after: AfterCommit,
  ): Promise<void> {
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO handoff (lead_id, specialist_id, status, reason, tried_ids, decided_at)
       VALUES ($1, NULL, 'escalated', $2, $3::uuid[], now()) RETURNING id`,
      [lead.id, reason, triedIds],
    );
    await manager.query(`UPDATE lead SET assignee_id = NULL, updated_at = now() WHERE id = $1`, [lead.id]);
    await appendTimeline(manager, {
      type: 'handoff.escalated',
      actor: 'system',
      contactId: lead.contact_id,
      personId: lead.person_id,
      data: { handoffId: id, leadId: lead.id, to: 'supervisor', reason, triedIds },
    });
    await writeOutbox(manager, JobName.SendRoutingMail, `${JobName.SendRoutingMail}.handoff_escalated.${id}`, {
      kind: 'handoff_escalated',
      handoffId: id,
    });
    after.push(() =>
      this.notifier.toRole(SUPERVISOR_ROLES, 'handoff:escalated', {
        leadId: lead.id,
        contactId: lead.contact_id,
        route: lead.route,
        reason,
      }),
    );
    this.logger.warn({ handoffId: id, leadId: lead.id, reason }, 'handoff escalated to the supervisors');
  }

  private async closeAndMoveOn(
    manager: EntityManager,
    lead: LeadRow,
    handoff: HandoffRow,
    status: 'declined' | 'expired',
    reason: string,
    after: AfterCommit,
  ): Promise<void> {
    await manager.query(`UPDATE handoff SET status = $2, decided_at = now(), decision_reason = $3 WHERE id = $1`, [
      handoff.id,
      status,
      reason,
    ]);
    await appendTimeline(manager, {
      type: `handoff.${status}`,
      actor: status === 'declined' && handoff.specialist_id ? `user:${handoff.specialist_id}` : 'system',
      contactId: lead.contact_id,
      personId: lead.person_id,
      data: { handoffId: handoff.id, leadId: lead.id, specialistId: handoff.specialist_id, reason },
    });
    if (handoff.specialist_id && status === 'expired') {
      const specialistId = handoff.specialist_id;
      after.push(() =>
        this.notifier.toUser(specialistId, 'handoff:revoked', {
          handoffId: handoff.id,
          leadId: lead.id,
          reason: 'expired',
        }),
      );
    }
    await this.route(manager, lead, handoff.tried_ids, after);
  }

  private async lockById(
    manager: EntityManager,
    handoffId: string,
  ): Promise<{ handoff: HandoffRow; lead: LeadRow } | null> {
    const [found] = await manager.query<{ lead_id: string }[]>(`SELECT lead_id FROM handoff WHERE id = $1`, [
      handoffId,
    ]);
    if (!found) return null;
    const lead = await readLead(manager, { id: found.lead_id }, { lock: true });
    const [handoff] = await manager.query<HandoffRow[]>(`SELECT * FROM handoff WHERE id = $1 FOR UPDATE`, [handoffId]);
    if (!lead || !handoff) return null;
    return { handoff, lead };
  }

  private async lockOpenOf(
    manager: EntityManager,
    userId: string,
    handoffId: string,
  ): Promise<{ handoff: HandoffRow; lead: LeadRow }> {
    const located = await this.lockById(manager, handoffId);
    if (!located) throw notFound('handoff', handoffId);
    if (located.handoff.specialist_id !== userId) {
      throw new DomainError('forbidden', `handoff ${handoffId} was offered to another deal specialist`);
    }
    if (located.handoff.status !== 'offered') {
      throw new DomainError('conflict', `handoff ${handoffId} was already ${located.handoff.status}`);
    }
    return located;
  }

  private event(handoffId: string, lead: LeadRow, dueAt: Date, reason: string): HandoffEvent {
    return {
      handoffId,
      leadId: lead.id,
      contactId: lead.contact_id,
      dueAt: new Date(dueAt).toISOString(),
      reason,
      summary: leadSummary(lead),
      revenueTier: lead.revenue_tier,
      complexity: lead.complexity,
      maturity: lead.maturity,
    };
  }
}
