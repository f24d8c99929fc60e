import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { MATURITY_STAGES } from '../routing/domain/maturity';
import { parsePlanPeriod, planCoverage, stageWeight } from '../routing/domain/pipeline-coverage';
import { LeadRepository, type PipelineFilter } from '../routing/leads/lead.repository';
import type { PipelineQuery, PipelineView, PlanView, PutPlanDto } from './pipeline.dto';
import { SalesPlanRepository } from './sales-plan.repository';

const OVERSEERS = ['supervisor', 'admin'] as const;
/** The board shows at most this many deals; the counts and amounts always cover them all. */
const BOARD_LIMIT = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

export const isOverseer = (p: Principal): boolean => p.roles.some((r) => (OVERSEERS as readonly string[]).includes(r));

/**
 * The company-wide maturity index as a pipeline: per stage the count, amount, stalled leads and age
 * in stage, and the coverage of the sales plan (pipeline-coverage.ts). A seller sees their own
 * pipeline; supervisors and admins anyone's, or the whole company's.
 */
@Injectable()
export class PipelineService {
  private readonly logger = new Logger(PipelineService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly plans: SalesPlanRepository,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: Pick<AppConfig, 'PIPELINE_STAGE_WEIGHTS'>,
  ) {}

  async pipeline(principal: Principal, query: PipelineQuery): Promise<PipelineView> {
    const ownerId = this.ownerScope(principal, query.ownerId);
    const period = query.period === undefined ? null : parsePlanPeriod(query.period);
    if (query.period !== undefined && !period) {
      throw new DomainError('validation_failed', 'period must be a quarter like 2027-Q1', [
        { field: 'period', message: 'period must be a quarter like 2027-Q1' },
      ]);
    }
    const filter: PipelineFilter = {
      ownerId: ownerId ?? undefined,
      productLine: query.productLine,
      teamId: query.teamId,
      closing: period ? { start: period.start, end: period.end } : undefined,
    };
    const now = this.clock.now();
    const weights = this.config.PIPELINE_STAGE_WEIGHTS;
    // One snapshot: the counts, the board and the plan agree.
    return this.unitOfWork.run(
      async () => {
        const rows = await this.leads.pipelineStages(filter, now);
        const board = await this.leads.pipelineLeads(filter, BOARD_LIMIT);
        const plan = period ? await this.plans.find(period.period, ownerId) : null;
        const stages = MATURITY_STAGES.map((stage) => {
          const row = rows.find((r) => r.stage === stage);
          return {
            stage,
            count: row?.count ?? 0,
            amount: row?.amount ?? 0,
            stalled: row?.stalled ?? 0,
            averageAgeDays: row?.averageAgeDays ?? null,
            oldestAgeDays: row?.oldestAgeDays ?? null,
            weight: stage === 'won' ? 1 : stage === 'lost' ? 0 : stageWeight(stage, weights),
          };
        });
        const coverage = plan
          ? planCoverage(
              stages.map((s) => ({ maturity: s.stage, amount: s.amount })),
              plan.target,
              weights,
            )
          : null;
        return {
          stages,
          coverage,
          leads: board.map((l) => ({
            id: l.id,
            contactId: l.contactId,
            maturity: l.maturity,
            amount: l.amount,
            expectedCloseAt: l.expectedCloseAt?.toISOString() ?? null,
            stageEnteredAt: l.stageEnteredAt.toISOString(),
            ageDays: Math.max(0, Math.floor((now.getTime() - l.stageEnteredAt.getTime()) / DAY_MS)),
            stalled: l.stalledAt !== null,
            ownerId: l.ownerId,
            productLines: l.productLines,
            company: l.fromCompany,
            summary: [l.fromCompany, l.fromName].filter(Boolean).join(' / ') || 'a customer',
          })),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  async putPlan(principal: Principal, period: string, dto: PutPlanDto): Promise<PlanView> {
    if (!parsePlanPeriod(period)) {
      throw new DomainError('validation_failed', 'period must be a quarter like 2027-Q1', [
        { field: 'period', message: 'period must be a quarter like 2027-Q1' },
      ]);
    }
    const plan = await this.unitOfWork.run(() =>
      this.plans.upsert({ period, ownerId: dto.ownerId ?? null, target: dto.target, updatedBy: principal.id }),
    );
    if (!plan) {
      throw new DomainError('validation_failed', `ownerId ${dto.ownerId} is not a user`, [
        { field: 'ownerId', message: 'ownerId must name a user' },
      ]);
    }
    this.logger.log({ period, ownerId: plan.ownerId, target: plan.target, by: principal.id }, 'sales plan set');
    return { period: plan.period, ownerId: plan.ownerId, target: plan.target, updatedAt: plan.updatedAt.toISOString() };
  }

  /** Whose pipeline: overseers any (none: the company); everyone else only their own. */
  private ownerScope(principal: Principal, requested: string | undefined): string | null {
    if (isOverseer(principal)) return requested ?? null;
    if (requested !== undefined && requested !== principal.id) {
      throw new DomainError('forbidden', "only supervisors and admins see another seller's pipeline");
    }
    return principal.id;
  }
}
