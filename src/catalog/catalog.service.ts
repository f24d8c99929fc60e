import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import type { ProductLineView, PutProductLineDto } from './catalog.dto';
import { ProductLine } from './product-line.entity';

const toView = (p: ProductLine): ProductLineView => ({
  code: p.code,
  name: p.name,
  complexity: p.complexity,
  segments: p.segments,
  active: p.active,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/**
 * The product/service catalog: each line's solution complexity feeds channel classification and
 * the channel matrix. Lines are retired (active = false), never deleted: old contacts and leads
 * still name them.
 */
@Injectable()
export class CatalogService {
  constructor(private readonly dataSource: DataSource) {}

  private get lines() {
    return this.dataSource.getRepository(ProductLine);
  }

  async list(): Promise<ProductLineView[]> {
    return (await this.lines.find({ order: { code: 'ASC' } })).map(toView);
  }

  async get(code: string): Promise<ProductLineView> {
    const line = await this.lines.findOneBy({ code });
    if (!line) throw notFound('product line', code);
    return toView(line);
  }

  async put(code: string, dto: PutProductLineDto): Promise<{ line: ProductLineView; created: boolean }> {
    const [{ inserted }] = await this.dataSource.query<{ inserted: boolean }[]>(
      `INSERT INTO product_line (code, name, complexity, segments, active) VALUES ($1, $2, $3, $4::text[], $5)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, complexity = EXCLUDED.complexity,
         segments = EXCLUDED.segments, active = EXCLUDED.active, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [code, dto.name, dto.complexity, dto.segments ?? [], dto.active ?? true],
    );
    return { line: await this.get(code), created: inserted };
  }
}
