import { Injectable } from '@nestjs/common';
import { ProductLineRepository } from '../../catalog/product-line.repository';
import { DomainError, notFound } from '../../common/domain-error';
import type { CreatePartnerDto, PartnerView, UpdatePartnerDto } from './partner.dto';
import { Partner } from './partner.entity';
import { PartnerInput, PartnerRepository } from './partner.repository';

const toView = (p: Partner): PartnerView => ({
  id: p.id,
  name: p.name,
  email: p.email,
  regions: p.regions,
  productLines: p.productLines,
  active: p.active,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/** The partner registry: who covers which regions and product lines. */
@Injectable()
export class PartnersService {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly productLines: ProductLineRepository,
  ) {}

  async list(): Promise<PartnerView[]> {
    return (await this.partners.list()).map(toView);
  }

  async create(dto: CreatePartnerDto): Promise<PartnerView> {
    await this.checkProductLines(dto.productLines ?? []);
    const saved = await this.partners.create({
      name: dto.name,
      email: dto.email,
      regions: dto.regions ?? [],
      productLines: dto.productLines ?? [],
      active: dto.active ?? true,
    });
    return toView(saved);
  }

  async update(id: string, dto: UpdatePartnerDto): Promise<PartnerView> {
    const partner = await this.partners.findById(id);
    if (!partner) throw notFound('partner', id);
    if (dto.productLines) await this.checkProductLines(dto.productLines);
    const patch: Partial<PartnerInput> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.email !== undefined) patch.email = dto.email;
    if (dto.regions !== undefined) patch.regions = dto.regions;
    if (dto.productLines !== undefined) patch.productLines = dto.productLines;
    if (dto.active !== undefined) patch.active = dto.active;
    await this.partners.update(id, patch);
    const updated = await this.partners.findById(id);
    if (!updated) throw notFound('partner', id);
    return toView(updated);
  }

  /** A partner selling a line the catalog does not know would never be matched: refuse it. */
  private async checkProductLines(codes: string[]): Promise<void> {
    const known = await this.productLines.existingCodes(codes);
    const unknown = codes.filter((code) => !known.includes(code));
    if (unknown.length > 0) {
      throw new DomainError('validation_failed', `unknown product lines: ${unknown.join(', ')}`, [
        { field: 'productLines', message: `unknown catalog codes: ${unknown.join(', ')}` },
      ]);
    }
  }
}
