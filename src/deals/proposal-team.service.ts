import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { scopeOf } from '../auth/domain/access-policy';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { TimelineRepository } from '../timeline/timeline.repository';
import { AgentNotifier } from '../routing/agent-notifier';
import { AgentRoster } from '../routing/agents/agent-roster.service';
import { rankExperts, smoothedWinRate } from '../routing/domain/expert-ranking';
import { isClosedMaturity, type ClosedMaturity } from '../routing/domain/maturity';
import { leadOwnerOf } from '../routing/domain/opportunity';
import { DealOutcomeListeners } from '../routing/leads/deal-outcome.listener';
import { type Lead, leadSummary } from '../routing/leads/lead';
import { LeadRepository } from '../routing/leads/lead.repository';
import { isOverseer } from './pipeline.service';
import type {
  ExpertRecordView,
  InviteExpertDto,
  RankedExpertView,
  TeamMemberView,
  TeamView,
} from './proposal-team.dto';
import { TeamInvitation, TeamInvitationRepository } from './team-invitation.repository';

/**
 * Proposal teams of experts per deal: ranked by fit and wins (routing/domain/expert-ranking.ts),
 * invited by the lead's owner, accepted or declined by the expert. When the lead is won or lost
 * every accepted member's record takes the outcome, so winners rank higher next time.
 */
@Injectable()
export class ProposalTeamService implements OnModuleInit {
  private readonly logger = new Logger(ProposalTeamService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly invitations: TeamInvitationRepository,
    private readonly roster: AgentRoster,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly notifier: AgentNotifier,
    private readonly outcomes: DealOutcomeListeners,
  ) {}

  onModuleInit(): void {
    this.outcomes.register({
      name: 'proposal-team-records',
      onDealClosed: (lead, result) => this.recordOutcome(lead, result),
    });
  }

  async rank(principal: Principal, leadId: string): Promise<RankedExpertView[]> {
    return this.unitOfWork.run(async () => {
      const lead = await this.visibleLead(principal, leadId);
      const experts = await this.roster.experts();
      const records = await this.invitations.records(experts.map((e) => e.id));
      const team = await this.invitations.forLead(lead.id);
      const ranked = rankExperts(
        { productLines: lead.productLines, industry: lead.industry },
        experts.map((e) => ({
          ...e,
          results: records.get(e.id)?.results ?? [],
          openTeams: records.get(e.id)?.openTeams ?? 0,
        })),
        this.clock.now(),
      );
      return ranked.map((r) => ({
        expertId: r.id,
        name: r.name,
        score: r.score,
        rank: r.rank,
        fit: r.fit,
        winRate: r.winRate,
        reason: r.reason,
        invitation: team.find((m) => m.expertId === r.id && m.status !== 'declined')?.status ?? null,
      }));
    });
  }

  async invite(principal: Principal, leadId: string, dto: InviteExpertDto): Promise<TeamMemberView> {
    return this.unitOfWork.run(async () => {
      const lead = await this.visibleLead(principal, leadId, { lock: true });
      if (!isOverseer(principal) && leadOwnerOf(lead) !== principal.id) {
        throw new DomainError(
          'forbidden',
          `only the owner of lead ${leadId}, a supervisor or an admin may invite experts`,
        );
      }
      if (isClosedMaturity(lead.maturity))
        throw new DomainError('conflict', `lead ${leadId} is ${lead.maturity}: its team is closed`);
      const experts = await this.roster.experts();
      if (!experts.some((e) => e.id === dto.expertId)) {
        throw new DomainError('validation_failed', `user ${dto.expertId} is not an active expert`, [
          { field: 'expertId', message: 'expertId must name an active user with the expert role' },
        ]);
      }
      const teamId = await this.invitations.ensureTeam(lead.id);
      const at = this.clock.now();
      const invitation = await this.invitations.invite({
        teamId,
        leadId: lead.id,
        expertId: dto.expertId,
        role: dto.role,
        invitedBy: principal.id,
        at,
      });
      if (!invitation)
        throw new DomainError('conflict', `expert ${dto.expertId} is already invited to or on this team`);
      await this.timeline.append({
        type: 'team.invited',
        actor: `user:${principal.id}`,
        contactId: lead.contactId,
        personId: lead.personId,
        data: { leadId: lead.id, teamId, invitationId: invitation.id, expertId: dto.expertId, role: dto.role },
      });
      await this.jobs.enqueue(JobName.SendDealMail, { kind: 'team_invitation', invitationId: invitation.id });
      const event = {
        invitationId: invitation.id,
        leadId: lead.id,
        role: dto.role,
        invitedBy: principal.id,
        summary: leadSummary(lead),
      };
      this.unitOfWork.afterCommit(() => {
        this.notifier.toUser(dto.expertId, 'team:invitation', event);
        this.logger.log({ leadId: lead.id, expertId: dto.expertId, invitationId: invitation.id }, 'expert invited');
      });
      return memberView(invitation);
    });
  }

  async decide(
    principal: Principal,
    invitationId: string,
    decision: 'accepted' | 'declined',
    reason?: string,
  ): Promise<TeamMemberView> {
    return this.unitOfWork.run(async () => {
      const found = await this.invitations.findById(invitationId, { lock: true });
      if (!found) throw notFound('team invitation', invitationId);
      if (found.expertId !== principal.id) {
        if (isOverseer(principal) || principal.roles.includes('deal_specialist')) {
          throw new DomainError('forbidden', `only the invited expert may answer invitation ${invitationId}`);
        }
        throw notFound('team invitation', invitationId);
      }
      const lead = await this.leads.findById(found.leadId);
      if (!lead) throw notFound('lead', found.leadId);
      if (decision === 'accepted' && isClosedMaturity(lead.maturity)) {
        throw new DomainError('conflict', `lead ${lead.id} is ${lead.maturity}: its team is closed`);
      }
      if (!(await this.invitations.decide(invitationId, decision, reason ?? null, this.clock.now()))) {
        throw new DomainError('conflict', `invitation ${invitationId} was already ${found.status}`);
      }
      await this.timeline.append({
        type: `team.${decision}`,
        actor: `user:${principal.id}`,
        contactId: lead.contactId,
        personId: lead.personId,
        data: {
          leadId: lead.id,
          teamId: found.teamId,
          invitationId,
          expertId: principal.id,
          role: found.role,
          reason: reason ?? null,
        },
      });
      this.unitOfWork.afterCommit(() =>
        this.logger.log({ invitationId, leadId: lead.id, decision }, 'team invitation answered'),
      );
      const updated = await this.invitations.findById(invitationId);
      return memberView(updated ?? found);
    });
  }

  async team(principal: Principal, leadId: string): Promise<TeamView> {
    return this.unitOfWork.run(async () => {
      const lead = await this.visibleLead(principal, leadId);
      const members = await this.invitations.forLead(lead.id);
      return { teamId: await this.invitations.teamOf(lead.id), leadId: lead.id, members: members.map(memberView) };
    });
  }

  /** An expert's record: overseers, deal specialists (who pick teams) and the expert themself. */
  async record(principal: Principal, expertId: string): Promise<ExpertRecordView> {
    if (!isOverseer(principal) && !principal.roles.includes('deal_specialist') && principal.id !== expertId) {
      throw new DomainError('forbidden', "only supervisors, deal specialists and the expert see an expert's record");
    }
    return this.unitOfWork.run(async () => {
      const expert = (await this.roster.experts()).find((e) => e.id === expertId);
      if (!expert) throw notFound('expert', expertId);
      const rec = (await this.invitations.records([expertId])).get(expertId)!;
      const pending =
        principal.id === expertId || isOverseer(principal) ? await this.invitations.openFor(expertId) : [];
      return {
        expertId,
        name: expert.name,
        productLines: expert.productLines,
        industries: expert.industries,
        invited: rec.invited,
        accepted: rec.accepted,
        declined: rec.declined,
        proposals: rec.accepted,
        won: rec.won,
        lost: rec.lost,
        winRate: rec.won + rec.lost === 0 ? null : Math.round((rec.won / (rec.won + rec.lost)) * 1000) / 1000,
        rankingWinRate: Math.round(smoothedWinRate(rec.results, this.clock.now()).rate * 1000) / 1000,
        openTeams: rec.openTeams,
        pending: pending.map(memberView),
      };
    });
  }

  /** The outcome listener: every accepted member's record takes the result (same unit of work). */
  private async recordOutcome(lead: Lead, result: ClosedMaturity): Promise<void> {
    const members = await this.invitations.recordOutcome(lead.id, result, lead.closedAt ?? this.clock.now());
    if (members.length === 0) return;
    await this.timeline.append({
      type: 'team.outcome_recorded',
      actor: 'system',
      contactId: lead.contactId,
      personId: lead.personId,
      data: { leadId: lead.id, result, expertIds: members },
    });
  }

  private async visibleLead(principal: Principal, leadId: string, options: { lock?: boolean } = {}): Promise<Lead> {
    if (!(await this.leads.listing(leadId, scopeOf(principal)))) throw notFound('lead', leadId);
    const lead = await this.leads.findById(leadId, options);
    if (!lead) throw notFound('lead', leadId);
    return lead;
  }
}

function memberView(i: TeamInvitation): TeamMemberView {
  return {
    invitationId: i.id,
    teamId: i.teamId,
    leadId: i.leadId,
    expertId: i.expertId,
    expertName: i.expertName,
    role: i.role,
    status: i.status,
    invitedAt: i.invitedAt.toISOString(),
    decidedAt: i.decidedAt?.toISOString() ?? null,
    decisionReason: i.decisionReason,
    outcome: i.outcome,
  };
}
