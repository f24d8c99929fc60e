import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { Complexity } from './catalog.types';
import type { TargetSegment } from './domain/market-planning';
import { ProductLine } from './product-line.entity';

export interface ProductLineInput {
  name: string;
  complexity: Complexity;
  segments: TargetSegment[];
  active: boolean;
}

/** The product_line table: lines are retired (active = false), never deleted. */
@Injectable()
export class ProductLineRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  private get lines() {
    return this.db.manager.getRepository(ProductLine);
  }

  async list(): Promise<ProductLine[]> {
    return this.lines.find({ order: { code: 'ASC' } });
  }

  async findByCode(code: string): Promise<ProductLine | null> {
    return this.lines.findOneBy({ code });
  }

  /** Creates or replaces the line; returns whether it was created. */
  async upsert(code: string, input: ProductLineInput): Promise<boolean> {
    const [{ inserted }] = await this.db.manager.query<{ inserted: boolean }[]>(
      `INSERT INTO product_line (code, name, complexity, segments, active) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, complexity = EXCLUDED.complexity,
         segments = EXCLUDED.segments, active = EXCLUDED.active, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [code, input.name, input.complexity, JSON.stringify(input.segments), input.active],
    );
    return inserted;
  }

  /** The active lines among `codes`, with their complexity. */
  async activeByCodes(codes: readonly string[]): Promise<{ code: string; complexity: Complexity }[]> {
    if (codes.length === 0) return [];
    return this.db.manager.query<{ code: string; complexity: Complexity }[]>(
      `SELECT code, complexity FROM product_line WHERE code = ANY($1::text[]) AND active`,
      [codes],
    );
  }

  /** The codes among `codes` the catalog knows, retired or not. */
  async existingCodes(codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = await this.db.manager.query<{ code: string }[]>(
      `SELECT code FROM product_line WHERE code = ANY($1::text[])`,
      [codes],
    );
    return rows.map((r) => r.code);
  }
}
