import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

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

  /** Whether the person asked never to be contacted (no outbound message, call or campaign). */
  async isDoNotContact(id: string): Promise<boolean> {
    const [row] = await this.db.manager.query<{ dnc: boolean }[]>(
      `SELECT do_not_contact AS dnc FROM person WHERE id = $1`,
      [id],
    );
    return row?.dnc === true;
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

  private async findOne(where: string, value: string): Promise<PersonRecord | null> {
    const [row] = await this.db.manager.query<PersonRecord[]>(`SELECT ${COLUMNS} FROM person WHERE ${where}`, [value]);
    return row ?? null;
  }
}
