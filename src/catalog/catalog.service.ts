import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import type { ProductLineView, PutProductLineDto, TargetSegmentDto } from './catalog.dto';
import { SEGMENT_CRITERIA, type TargetSegment } from './domain/market-planning';
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

/** The segments as stored: only the fields given, each naming at least one criterion. */
function targetSegments(segments: readonly TargetSegmentDto[]): TargetSegment[] {
  const vague = segments.findIndex((s) => SEGMENT_CRITERIA.every((key) => s[key] === undefined));
  if (vague >= 0) {
    throw new DomainError('validation_failed', `segments.${vague} names no criterion`, [
      {
        field: `segments.${vague}`,
        message: `a target segment must name at least one of ${SEGMENT_CRITERIA.join(', ')}`,
      },
    ]);
  }
  return segments.map((s) => {
    const stored: TargetSegment = {};
    if (s.name !== undefined) stored.name = s.name;
    for (const key of SEGMENT_CRITERIA) if (s[key] !== undefined) stored[key] = s[key];
    if (s.bonus !== undefined) stored.bonus = s.bonus;
    return stored;
  });
}

/**
 * The product/service catalog: each line's solution complexity feeds channel classification and
 * the channel matrix; its target segments (market planning) give routing priority. Lines are retired (active = false), never deleted: old contacts and leads
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
      segments: targetSegments(dto.segments ?? []),
      active: dto.active ?? true,
    });
    return { line: await this.get(code), created };
  }
}
