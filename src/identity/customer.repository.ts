import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

/** A customer account row, camelCased. */
export interface CustomerRecord {
  id: string;
  name: string;
  domain: string | null;
  nameKey: string;
  relationshipOwnerId: string | null;
  segment: string | null;
}

const COLUMNS = `id, name, domain, name_key AS "nameKey", relationship_owner_id AS "relationshipOwnerId", segment`;

/** The customer table: accounts known by their corporate domain, or by name when they have none. */
@Injectable()
export class CustomerRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  findById(id: string): Promise<CustomerRecord | null> {
    return this.findOne('id = $1', [id]);
  }

  findByDomain(domain: string): Promise<CustomerRecord | null> {
    return this.findOne('domain = $1', [domain]);
  }

  /** A company written without a corporate domain, by its lowercased name. */
  findByNameWithoutDomain(nameKey: string): Promise<CustomerRecord | null> {
    return this.findOne('name_key = $1 AND domain IS NULL', [nameKey]);
  }

  async create(customer: { name: string; domain: string | null; nameKey: string }): Promise<CustomerRecord> {
    const [row] = await this.db.manager.query<CustomerRecord[]>(
      `INSERT INTO customer (name, domain, name_key) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [customer.name, customer.domain, customer.nameKey],
    );
    return row;
  }

  private async findOne(where: string, params: unknown[]): Promise<CustomerRecord | null> {
    const [row] = await this.db.manager.query<CustomerRecord[]>(
      `SELECT ${COLUMNS} FROM customer WHERE ${where} LIMIT 1`,
      params,
    );
    return row ?? null;
  }
}
