import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import { Partner } from './partner.entity';

export type PartnerInput = Pick<Partner, 'name' | 'email' | 'regions' | 'productLines' | 'active'>;

/** The partner table: who covers which regions and product lines. */
@Injectable()
export class PartnerRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  private get partners() {
    return this.db.manager.getRepository(Partner);
  }

  /** By name. */
  async list(): Promise<Partner[]> {
    return this.partners.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  /** The partners a lead may be referred to. */
  async active(): Promise<Partner[]> {
    return this.partners.find({ where: { active: true } });
  }

  async findById(id: string): Promise<Partner | null> {
    return this.partners.findOneBy({ id });
  }

  async create(input: PartnerInput): Promise<Partner> {
    return this.partners.save(this.partners.create(input));
  }

  async update(id: string, patch: Partial<PartnerInput>): Promise<void> {
    if (Object.keys(patch).length > 0) await this.partners.update({ id }, patch);
  }
}
