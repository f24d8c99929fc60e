import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import { scopeOf } from '../../auth/domain/access-policy';
import { Clock } from '../../common/clock';
import { DomainError, notFound } from '../../common/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { decideOutcome, decideStageMove, leadOwnerOf } from '../domain/opportunity';
import type { Lead } from './lead';
import { LeadRepository, type StageChange } from './lead.repository';
import type { OutcomeDto, StageChangeView, StageMoveDto } from './deal.dto';
import { DealOutcomeListeners } from './deal-outcome.listener';

const OVERSEERS = ['supervisor', 'admin'] as const;

/**
 * The opportunity lifecycle after qualification: the lead's owner (leadOwnerOf) moves its
 * maturity stage with a reason, or closes it won or lost, without re-routing it. The rules are the
 * pure core's (decideStageMove, decideOutcome over canTransition); every change is a timeline
 * event with who, why, from, to and the amounts.
 */
@Injectable()
export class DealService {
  private readonly logger = new Logger(DealService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly timeline: TimelineRepository,
    private readonly clock: Clock,
    private readonly outcomeListeners: DealOutcomeListeners,
  ) {}

  async moveStage(principal: Principal, leadId: string, dto: StageMoveDto): Promise<StageChangeView> {
    return this.unitOfWork.run(async () => {
      const lead = await this.lockOwned(principal, leadId);
      const expectedCloseAt = dto.expectedCloseAt === undefined ? undefined : new Date(dto.expectedCloseAt);
      const decision = decideStageMove(lead.maturity, dto.maturity, { amount: dto.amount, expectedCloseAt });
      if (decision.kind === 'refused') throw new DomainError('conflict', `lead ${leadId}: ${decision.reason}`);
      const change: StageChange = { maturity: dto.maturity, at: this.clock.now(), amount: dto.amount, expectedCloseAt };
      return this.apply(
        principal,
        lead,
        change,
        decision.kind === 'move' ? 'lead.stage_changed' : 'lead.forecast_updated',
        dto.reason,
      );
    });
  }

  async recordOutcome(principal: Principal, leadId: string, dto: OutcomeDto): Promise<StageChangeView> {
    return this.unitOfWork.run(async () => {
      const lead = await this.lockOwned(principal, leadId);
      const decision = decideOutcome(lead.maturity, dto.result);
      if (decision.kind === 'refused') throw new DomainError('conflict', `lead ${leadId}: ${decision.reason}`);
      const at = this.clock.now();
      const change: StageChange = {
        maturity: dto.result,
        at,
        amount: dto.amount,
        closedAt: at,
        outcomeReason: dto.reason,
      };
      const view = await this.apply(principal, lead, change, `lead.${dto.result}`, dto.reason);
      const closed: Lead = { ...lead, maturity: dto.result, amount: dto.amount ?? lead.amount, closedAt: at };
      await this.outcomeListeners.closed(closed, dto.result, principal.id, dto.reason);
      return view;
    });
  }

  private async apply(
    principal: Principal,
    lead: Lead,
    change: StageChange,
    type: string,
    reason: string,
  ): Promise<StageChangeView> {
    if (!(await this.leads.applyStageChange(lead.id, lead.maturity, change))) {
      throw new DomainError('conflict', `lead ${lead.id} changed meanwhile; reload it and try again`);
    }
    const amount = change.amount ?? lead.amount;
    const expectedCloseAt = change.expectedCloseAt ?? lead.expectedCloseAt;
    await this.timeline.append({
      type,
      actor: `user:${principal.id}`,
      contactId: lead.contactId,
      personId: lead.personId,
      data: {
        leadId: lead.id,
        by: principal.id,
        from: lead.maturity,
        to: change.maturity,
        reason,
        amount: { from: lead.amount, to: amount },
        expectedCloseAt: {
          from: lead.expectedCloseAt?.toISOString() ?? null,
          to: expectedCloseAt?.toISOString() ?? null,
        },
      },
    });
    const moved = lead.maturity !== change.maturity;
    this.unitOfWork.afterCommit(() =>
      this.logger.log(
        { leadId: lead.id, by: principal.id, from: lead.maturity, to: change.maturity, type },
        'deal changed',
      ),
    );
    return {
      leadId: lead.id,
      from: lead.maturity,
      maturity: change.maturity,
      amount,
      expectedCloseAt: expectedCloseAt?.toISOString() ?? null,
      stageEnteredAt: (moved ? change.at : lead.stageEnteredAt).toISOString(),
      closedAt: change.closedAt?.toISOString() ?? null,
      reason,
    };
  }

  /**
   * Locks the lead for its owner, a supervisor or an admin. Outside the caller's scope it does
   * not exist (404); seen but not owned (a deal specialist before accepting, the qualifying agent
   * after the handoff) it is forbidden (403).
   */
  private async lockOwned(principal: Principal, leadId: string): Promise<Lead> {
    const visible = await this.leads.listing(leadId, scopeOf(principal));
    if (!visible) throw notFound('lead', leadId);
    const lead = await this.leads.findById(leadId, { lock: true });
    if (!lead) throw notFound('lead', leadId);
    const overseer = principal.roles.some((r) => (OVERSEERS as readonly string[]).includes(r));
    if (!overseer && leadOwnerOf(lead) !== principal.id) {
      throw new DomainError('forbidden', `only the lead's owner, a supervisor or an admin may change lead ${leadId}`);
    }
    return lead;
  }
}
