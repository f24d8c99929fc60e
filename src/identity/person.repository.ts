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

/** The advisory-lock class of identity keys (two-int key space, apart from the one-bigint locks). */
const IDENTITY_LOCK_CLASS = 1;
/** Buckets identity keys are locked by: enough that unrelated contacts rarely wait, few enough for an import. */
const IDENTITY_LOCK_BUCKETS = 1024;

/** The person table, and the advisory locks on identity keys (e-mail, phone, company). */
@Injectable()
export class PersonRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Locks identity keys until the transaction ends, so two contacts of one new person arriving
   * together make one. Keys are locked by bucket (IDENTITY_LOCK_BUCKETS of them, in the two-int
   * advisory key space under IDENTITY_LOCK_CLASS), in sorted order (no deadlock between two
   * contacts naming the same keys): an import of 10,000 people takes at most that many locks instead
   * of one per key, which would exhaust PostgreSQL's shared lock table; two unrelated keys in one
   * bucket merely wait for each other.
   */
  async lockIdentityKeys(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.manager.query(
      `SELECT count(pg_advisory_xact_lock($2::int, b))
         FROM (SELECT DISTINCT ((hashtextextended(k, 0) % $3 + $3) % $3)::int AS b FROM unnest($1::text[]) AS k ORDER BY b) AS sorted`,
      [[...keys], IDENTITY_LOCK_CLASS, IDENTITY_LOCK_BUCKETS],
    );
  }

  findByEmail(email: string): Promise<PersonRecord | null> {
    return this.findOne('email = $1', email);
  }

  findByPhone(phone: string): Promise<PersonRecord | null> {
    return this.findOne('phone = $1', phone);
  }

  /** The people with any of these (normalized) e-mail addresses; one query for a whole import. */
  findByEmails(emails: readonly string[]): Promise<PersonRecord[]> {
    if (emails.length === 0) return Promise.resolve([]);
    return this.db.manager.query<PersonRecord[]>(`SELECT ${COLUMNS} FROM person WHERE email = ANY($1::text[])`, [
      emails,
    ]);
  }

  /** The people with any of these E.164 phones. */
  findByPhones(phones: readonly string[]): Promise<PersonRecord[]> {
    if (phones.length === 0) return Promise.resolve([]);
    return this.db.manager.query<PersonRecord[]>(`SELECT ${COLUMNS} FROM person WHERE phone = ANY($1::text[])`, [
      phones,
    ]);
  }

  /** Inserts people whose ids the caller chose, with multi-row statements. */
  async createMany(people: readonly Omit<PersonRecord, 'mergedIntoId'>[]): Promise<void> {
    const batch = 10_000;
    for (let start = 0; start < people.length; start += batch) {
      const slice = people.slice(start, start + batch);
      await this.db.manager.query(
        `INSERT INTO person (id, name, email, phone, customer_id)
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::uuid[])`,
        [
          slice.map((p) => p.id),
          slice.map((p) => p.name),
          slice.map((p) => p.email),
          slice.map((p) => p.phone),
          slice.map((p) => p.customerId),
        ],
      );
    }
  }

  /** Fills empty fields of many people at once (a field of a patch left undefined stays as it is). */
  async fillMany(patches: readonly { id: string; patch: PersonPatch }[]): Promise<void> {
    if (patches.length === 0) return;
    await this.db.manager.query(
      `UPDATE person p SET name = coalesce(v.name, p.name), email = coalesce(v.email, p.email),
              phone = coalesce(v.phone, p.phone), customer_id = coalesce(v.customer_id, p.customer_id), updated_at = now()
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::uuid[]) AS v(id, name, email, phone, customer_id)
        WHERE p.id = v.id`,
      [
        patches.map((x) => x.id),
        patches.map((x) => x.patch.name ?? null),
        patches.map((x) => x.patch.email ?? null),
        patches.map((x) => x.patch.phone ?? null),
        patches.map((x) => x.patch.customerId ?? null),
      ],
    );
  }

  /** Which of these people nothing outbound may reach. */
  async doNotContactAmong(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.manager.query<{ id: string }[]>(
      `SELECT id FROM person WHERE id = ANY($1::uuid[]) AND do_not_contact`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
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
