import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error';
import type { ProductLineView, PutProductLineDto } from './catalog.dto';
import { ProductLine } from './product-line.entity';
import { ProductLineRepository } from './product-line.repository';

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
  constructor(private readonly lines: ProductLineRepository) {}

  async list(): Promise<ProductLineView[]> {
    return (await this.lines.list()).map(toView);
  }

  async get(code: string): Promise<ProductLineView> {
    const line = await this.lines.findByCode(code);
    if (!line) throw notFound('product line', code);
    return toView(line);
  }

  async put(code: string, dto: PutProductLineDto): Promise<{ line: ProductLineView; created: boolean }> {
    const created = await this.lines.upsert(code, {
      name: dto.name,
      complexity: dto.complexity,
      segments: dto.segments ?? [],
      active: dto.active ?? true,
    });
    return { line: await this.get(code), created };
  }
}
