import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, notFound } from '../../common/domain-error';
import type { CreatePartnerDto, PartnerView, UpdatePartnerDto } from './partner.dto';
import { Partner } from './partner.entity';

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
  constructor(private readonly dataSource: DataSource) {}

  private get partners() {
    return this.dataSource.getRepository(Partner);
  }

  async list(): Promise<PartnerView[]> {
    return (await this.partners.find({ order: { name: 'ASC', id: 'ASC' } })).map(toView);
  }

  async create(dto: CreatePartnerDto): Promise<PartnerView> {
    await this.checkProductLines(dto.productLines ?? []);
    const saved = await this.partners.save(
      this.partners.create({
        name: dto.name,
        email: dto.email,
        regions: dto.regions ?? [],
        productLines: dto.productLines ?? [],
        active: dto.active ?? true,
      }),
    );
    return toView(saved);
  }

  async update(id: string, dto: UpdatePartnerDto): Promise<PartnerView> {
    const partner = await this.partners.findOneBy({ id });
    if (!partner) throw notFound('partner', id);
    if (dto.productLines) await this.checkProductLines(dto.productLines);
    const patch: Partial<Partner> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.email !== undefined) patch.email = dto.email;
    if (dto.regions !== undefined) patch.regions = dto.regions;
    if (dto.productLines !== undefined) patch.productLines = dto.productLines;
    if (dto.active !== undefined) patch.active = dto.active;
    if (Object.keys(patch).length > 0) await this.partners.update({ id }, patch);
    return toView(await this.partners.findOneByOrFail({ id }));
  }

  /** A partner selling a line the catalog does not know would never be matched: refuse it. */
  private async checkProductLines(codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    const rows = await this.dataSource.query<{ code: string }[]>(
      `SELECT code FROM product_line WHERE code = ANY($1::text[])`,
      [codes],
    );
    const unknown = codes.filter((code) => !rows.some((r) => r.code === code));
    if (unknown.length > 0) {
      throw new DomainError('validation_failed', `unknown product lines: ${unknown.join(', ')}`, [
        { field: 'productLines', message: `unknown catalog codes: ${unknown.join(', ')}` },
      ]);
    }
  }
}
