import { Injectable } from '@nestjs/common';
import type { AccessScope } from '../auth/domain/access-policy';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import { personScopeSql } from './customer-scope.sql';

/** A person row, camelCased. */
export interface PersonRecord {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  customerId: string | null;
  mergedIntoId: string | null;
}

export type PersonPatch = Partial<Pick<PersonRecord, 'name' | 'email' | 'phone' | 'customerId'>>;

const COLUMNS = `id, name, email, phone, customer_id AS "customerId", merged_into_id AS "mergedIntoId"`;

/** A person as staff see them: with the do-not-contact mark. */
export interface PersonProfile extends PersonRecord {
  doNotContact: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const PROFILE_COLUMNS = `p.id, p.name, p.email, p.phone, p.customer_id AS "customerId", p.merged_into_id AS "mergedIntoId",
  p.do_not_contact AS "doNotContact", p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

/** The person table, and the advisory locks on identity keys (e-mail, phone, company). */
@Injectable()
export class PersonRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Locks identity keys until the transaction ends, in sorted order (no deadlock between two
   * contacts naming the same keys), so two contacts of one new person arriving together make one.
   */
  async lockIdentityKeys(keys: readonly string[]): Promise<void> {
    for (const key of [...keys].sort()) {
      await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    }
  }

  findByEmail(email: string): Promise<PersonRecord | null> {
    return this.findOne('email = $1', email);
  }

  findByPhone(phone: string): Promise<PersonRecord | null> {
    return this.findOne('phone = $1', phone);
  }

  async create(person: Omit<PersonRecord, 'id' | 'mergedIntoId'>): Promise<PersonRecord> {
    const [row] = await this.db.manager.query<PersonRecord[]>(
      `INSERT INTO person (name, email, phone, customer_id) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [person.name, person.email, person.phone, person.customerId],
    );
    return row;
  }

  async update(id: string, patch: PersonPatch): Promise<void> {
    const params: unknown[] = [id];
    const sets = ['updated_at = now()'];
    if (patch.name !== undefined) sets.push(`name = $${params.push(patch.name)}`);
    if (patch.email !== undefined) sets.push(`email = $${params.push(patch.email)}`);
    if (patch.phone !== undefined) sets.push(`phone = $${params.push(patch.phone)}`);
    if (patch.customerId !== undefined) sets.push(`customer_id = $${params.push(patch.customerId)}`);
    await this.db.manager.query(`UPDATE person SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /**
   * `other` is `survivor`: its phone moves to the survivor (cleared first, the column is unique)
   * and it stays, marked merged into the survivor (its timeline rows still point at it).
   */
  async absorb(survivorId: string, other: { id: string; phone: string | null }): Promise<void> {
    await this.db.manager.query(
      `UPDATE person SET phone = NULL, merged_into_id = $2, updated_at = now() WHERE id = $1`,
      [other.id, survivorId],
    );
    await this.db.manager.query(`UPDATE person SET phone = $2, updated_at = now() WHERE id = $1`, [
      survivorId,
      other.phone,
    ]);
  }

  /** The person, when the scope may see them (access policy, in SQL); `lock` locks the row. */
  async findProfile(id: string, scope: AccessScope, options: { lock?: boolean } = {}): Promise<PersonProfile | null> {
    const params: unknown[] = [id];
    const visible = personScopeSql(scope, params);
    const [row] = await this.db.manager.query<PersonProfile[]>(
      `SELECT ${PROFILE_COLUMNS} FROM person p WHERE p.id = $1 AND ${visible}${options.lock ? ' FOR UPDATE' : ''}`,
      params,
    );
    return row ?? null;
  }

  /** The people of an account, by name. */
  async forCustomer(customerId: string, limit: number): Promise<PersonProfile[]> {
    return this.db.manager.query<PersonProfile[]>(
      `SELECT ${PROFILE_COLUMNS} FROM person p WHERE p.customer_id = $1 AND p.merged_into_id IS NULL
        ORDER BY p.name NULLS LAST, p.id LIMIT $2`,
      [customerId, limit],
    );
  }

  /** Whether nothing outbound may reach this person (false for an unknown id). */
  async isDoNotContact(id: string): Promise<boolean> {
    const [row] = await this.db.manager.query<{ dnc: boolean }[]>(
      `SELECT do_not_contact AS dnc FROM person WHERE id = $1`,
      [id],
    );
    return row?.dnc === true;
  }

  /** While set, nothing outbound (message, call, campaign) reaches this person. */
  async setDoNotContact(id: string, doNotContact: boolean): Promise<void> {
    await this.db.manager.query(`UPDATE person SET do_not_contact = $2, updated_at = now() WHERE id = $1`, [
      id,
      doNotContact,
    ]);
  }

  /**
   * Whether the user owns the person: the agent assigned to one of their contacts (an active
   * assignment), or the relationship owner of their account.
   */
  async isOwnedBy(personId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(
      `SELECT 1 FROM person p WHERE p.id = $1 AND (
         EXISTS (SELECT 1 FROM contact c JOIN assignment a ON a.contact_id = c.id AND a.ended_at IS NULL
                  WHERE c.person_id = p.id AND a.agent_id = $2)
         OR EXISTS (SELECT 1 FROM customer cu WHERE cu.id = p.customer_id AND cu.relationship_owner_id = $2))`,
      [personId, userId],
    );
    return rows.length > 0;
  }

  private async findOne(where: string, value: string): Promise<PersonRecord | null> {
    const [row] = await this.db.manager.query<PersonRecord[]>(`SELECT ${COLUMNS} FROM person WHERE ${where}`, [value]);
    return row ?? null;
  }
}
