import { Injectable } from '@nestjs/common';
import type { AccessScope } from '../auth/domain/access-policy';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import { customerScopeSql } from './customer-scope.sql';

/** A customer account row, camelCased. */
export interface CustomerRecord {
  id: string;
  name: string;
  domain: string | null;
  nameKey: string;
  relationshipOwnerId: string | null;
  segment: string | null;
}

/** The account as staff see it: with its market-planning fields and its owner's name. */
export interface CustomerProfile extends CustomerRecord {
  industry: string | null;
  size: string | null;
  region: string | null;
  relationshipOwnerName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields `PATCH /customers/:id` may set; `null` clears one (the name cannot be cleared). */
export interface CustomerPatch {
  name?: string;
  relationshipOwnerId?: string | null;
  segment?: string | null;
  industry?: string | null;
  size?: string | null;
  region?: string | null;
}

export interface CustomerFilters {
  /** Lowercased substring of the name or domain, LIKE-escaped, wrapped in `%`. */
  like?: string;
  segment?: string;
  ownerId?: string;
  cursor?: string;
  limit: number;
}

const COLUMNS = `id, name, domain, name_key AS "nameKey", relationship_owner_id AS "relationshipOwnerId", segment`;
const PROFILE_COLUMNS = `cu.id, cu.name, cu.domain, cu.name_key AS "nameKey",
  cu.relationship_owner_id AS "relationshipOwnerId", cu.segment, cu.industry, cu.size, cu.region,
  ou.name AS "relationshipOwnerName", cu.created_at AS "createdAt", cu.updated_at AS "updatedAt"`;
/** The owner's name is a display join on the users table. */
const PROFILE_FROM = `customer cu LEFT JOIN app_user ou ON ou.id = cu.relationship_owner_id`;

/** The column of each patchable field. */
const PATCH_COLUMNS: Readonly<Record<keyof CustomerPatch, string>> = {
  name: 'name',
  relationshipOwnerId: 'relationship_owner_id',
  segment: 'segment',
  industry: 'industry',
  size: 'size',
  region: 'region',
};

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

  /**
   * The account of a corporate domain, created when there is none, without a lock: the unique
   * index on domain decides between two contacts creating it at once (the loser reads the winner's
   * row once it committed), so contacts of a large customer are never resolved one at a time.
   */
  async findOrCreateByDomain(customer: {
    name: string;
    domain: string;
    nameKey: string;
  }): Promise<{ customer: CustomerRecord; created: boolean }> {
    const found = await this.findByDomain(customer.domain);
    if (found) return { customer: found, created: false };
    const [row] = await this.db.manager.query<CustomerRecord[]>(
      `INSERT INTO customer (name, domain, name_key) VALUES ($1, $2, $3)
       ON CONFLICT (domain) DO NOTHING RETURNING ${COLUMNS}`,
      [customer.name, customer.domain, customer.nameKey],
    );
    if (row) return { customer: row, created: true };
    // Another transaction created it after this statement's snapshot: a new statement sees it.
    const winner = await this.findByDomain(customer.domain);
    if (!winner) throw new Error(`customer of domain ${customer.domain} neither inserted nor found`);
    return { customer: winner, created: false };
  }

  /** The accounts of any of these corporate domains; one query for a whole import. */
  findByDomains(domains: readonly string[]): Promise<CustomerRecord[]> {
    if (domains.length === 0) return Promise.resolve([]);
    return this.db.manager.query<CustomerRecord[]>(`SELECT ${COLUMNS} FROM customer WHERE domain = ANY($1::text[])`, [
      domains,
    ]);
  }

  /** Companies without a domain, by any of these name keys (the first of each key). */
  findByNamesWithoutDomain(nameKeys: readonly string[]): Promise<CustomerRecord[]> {
    if (nameKeys.length === 0) return Promise.resolve([]);
    return this.db.manager.query<CustomerRecord[]>(
      `SELECT DISTINCT ON (name_key) ${COLUMNS} FROM customer WHERE name_key = ANY($1::text[]) AND domain IS NULL
        ORDER BY name_key, created_at, id`,
      [nameKeys],
    );
  }

  /**
   * Inserts accounts with one multi-row statement (distinct domains and name keys), answering the
   * rows it inserted. An account of a domain another transaction created meanwhile is left alone
   * (the unique index on domain decides, as in findOrCreateByDomain): the caller reads it again.
   */
  createMany(
    customers: readonly { name: string; domain: string | null; nameKey: string }[],
  ): Promise<CustomerRecord[]> {
    if (customers.length === 0) return Promise.resolve([]);
    return this.db.manager.query<CustomerRecord[]>(
      `INSERT INTO customer (name, domain, name_key)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[])
       ON CONFLICT (domain) DO NOTHING RETURNING ${COLUMNS}`,
      [customers.map((c) => c.name), customers.map((c) => c.domain), customers.map((c) => c.nameKey)],
    );
  }

  async create(customer: { name: string; domain: string | null; nameKey: string }): Promise<CustomerRecord> {
    const [row] = await this.db.manager.query<CustomerRecord[]>(
      `INSERT INTO customer (name, domain, name_key) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [customer.name, customer.domain, customer.nameKey],
    );
    return row;
  }

  /** The account, when the scope may see it (access policy, in SQL); `lock` locks the row. */
  async findProfile(id: string, scope: AccessScope, options: { lock?: boolean } = {}): Promise<CustomerProfile | null> {
    const params: unknown[] = [id];
    const visible = customerScopeSql(scope, params);
    const [row] = await this.db.manager.query<CustomerProfile[]>(
      `SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE cu.id = $1 AND ${visible}${options.lock ? ' FOR UPDATE OF cu' : ''}`,
      params,
    );
    return row ?? null;
  }

  /** The accounts the scope may see, newest first, keyset-paginated on (created_at, id). */
  async list(filters: CustomerFilters, scope: AccessScope): Promise<CustomerProfile[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (!scope.all) where.push(customerScopeSql(scope, params));
    if (filters.like) {
      const p = params.push(filters.like);
      where.push(`(cu.name ILIKE $${p} OR cu.domain ILIKE $${p})`);
    }
    if (filters.segment) where.push(`cu.segment = $${params.push(filters.segment)}`);
    if (filters.ownerId) where.push(`cu.relationship_owner_id = $${params.push(filters.ownerId)}`);
    if (filters.cursor) {
      where.push(
        `(cu.created_at, cu.id) < (SELECT created_at, id FROM customer WHERE id = $${params.push(filters.cursor)})`,
      );
    }
    return this.db.manager.query<CustomerProfile[]>(
      `SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY cu.created_at DESC, cu.id DESC LIMIT $${params.push(filters.limit)}`,
      params,
    );
  }

  /** Sets the given fields (the name also re-keys the account for the by-name lookup). */
  async update(id: string, patch: CustomerPatch): Promise<void> {
    const params: unknown[] = [id];
    const sets = ['updated_at = now()'];
    for (const [field, column] of Object.entries(PATCH_COLUMNS) as [keyof CustomerPatch, string][]) {
      if (patch[field] !== undefined) sets.push(`${column} = $${params.push(patch[field])}`);
    }
    await this.db.manager.query(`UPDATE customer SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /** Sets the lookup key that goes with a new name. */
  async rekey(id: string, nameKey: string): Promise<void> {
    await this.db.manager.query(`UPDATE customer SET name_key = $2 WHERE id = $1`, [id, nameKey]);
  }

  private async findOne(where: string, params: unknown[]): Promise<CustomerRecord | null> {
    const [row] = await this.db.manager.query<CustomerRecord[]>(
      `SELECT ${COLUMNS} FROM customer WHERE ${where} LIMIT 1`,
      params,
    );
    return row ?? null;
  }
}
