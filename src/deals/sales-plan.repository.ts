import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

export interface SalesPlan {
  period: string;
  /** null: the company-wide plan. */
  ownerId: string | null;
  target: number;
  updatedBy: string | null;
  updatedAt: Date;
}

interface PlanRow {
  period: string;
  owner_id: string | null;
  target: string;
  updated_by: string | null;
  updated_at: Date;
}

/** The `sales_plan` table: one target per period and owner (NULL owner: the whole company). */
@Injectable()
export class SalesPlanRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Sets the plan; null when `ownerId` names no user (the foreign key refused it). */
  async upsert(plan: {
    period: string;
    ownerId: string | null;
    target: number;
    updatedBy: string;
  }): Promise<SalesPlan | null> {
    // A savepoint (nested transaction) rolled back on a refused owner leaves the caller's transaction usable.
    try {
      const [row] = await this.db.manager.transaction((tx) =>
        tx.query<PlanRow[]>(
          `INSERT INTO sales_plan (period, owner_id, target, updated_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (period, owner_id) DO UPDATE SET target = EXCLUDED.target, updated_by = EXCLUDED.updated_by,
             updated_at = now()
           RETURNING period, owner_id, target::text, updated_by, updated_at`,
          [plan.period, plan.ownerId, plan.target, plan.updatedBy],
        ),
      );
      return toPlan(row);
    } catch (error) {
      if (isForeignKeyViolation(error)) return null;
      throw error;
    }
  }

  async find(period: string, ownerId: string | null): Promise<SalesPlan | null> {
    const [row] = await this.db.manager.query<PlanRow[]>(
      `SELECT period, owner_id, target::text, updated_by, updated_at FROM sales_plan
        WHERE period = $1 AND owner_id IS NOT DISTINCT FROM $2::uuid`,
      [period, ownerId],
    );
    return row ? toPlan(row) : null;
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: string } } | null)?.driverError;
  return driver?.code === '23503';
}

function toPlan(r: PlanRow): SalesPlan {
  return {
    period: r.period,
    ownerId: r.owner_id,
    target: Number(r.target),
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at),
  };
}
