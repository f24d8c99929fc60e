import type { SalesPlan, SalesPlanRepository } from '../../src/deals/sales-plan.repository';
import type { Public } from './public';

/** Sales plans in memory, keyed by period and owner. */
export class FakeSalesPlanRepository implements Public<SalesPlanRepository> {
  readonly plans = new Map<string, SalesPlan>();

  upsert(plan: {
    period: string;
    ownerId: string | null;
    target: number;
    updatedBy: string;
  }): Promise<SalesPlan | null> {
    const stored = { ...plan, updatedAt: new Date('2026-06-01T09:00:00.000Z') };
    this.plans.set(`${plan.period}/${plan.ownerId ?? ''}`, stored);
    return Promise.resolve(stored);
  }

  find(period: string, ownerId: string | null): Promise<SalesPlan | null> {
    return Promise.resolve(this.plans.get(`${period}/${ownerId ?? ''}`) ?? null);
  }
}
