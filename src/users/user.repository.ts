import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { NewUser, UserPatch, UserRecord } from './user.types';

/** Serializes the first-admin bootstrap across processes starting together. */
const BOOTSTRAP_LOCK_KEY = 7_316_206;

const COLUMNS = `id, email, name, roles, skills, active, created_at AS "createdAt", locked_until AS "lockedUntil"`;

/** The column each patch field is written to. */
const PATCH_COLUMNS: Record<keyof UserPatch, string> = {
  passwordHash: 'password_hash',
  name: 'name',
  roles: 'roles',
  skills: 'skills',
  active: 'active',
};

/** The app_user table: staff accounts, their roles and skills, and their password hashes. */
@Injectable()
export class UserRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Inserts the user; null when the e-mail is taken (the unique index decides, races included). */
  async create(user: NewUser): Promise<UserRecord | null> {
    const [row] = await this.db.manager.query<UserRecord[]>(
      `INSERT INTO app_user (email, password_hash, name, roles, skills)
       VALUES ($1, $2, $3, $4::text[], $5::jsonb)
       ON CONFLICT (email) DO NOTHING
       RETURNING ${COLUMNS}`,
      [user.email, user.passwordHash, user.name, user.roles, jsonbParam(user.skills)],
    );
    return row ?? null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const [row] = await this.db.manager.query<UserRecord[]>(`SELECT ${COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** The active user with this (normalised) e-mail, with its password hash, for a login. */
  async findActiveByEmail(email: string): Promise<(UserRecord & { passwordHash: string }) | null> {
    const [row] = await this.db.manager.query<(UserRecord & { passwordHash: string })[]>(
      `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM app_user WHERE email = $1 AND active`,
      [email],
    );
    return row ?? null;
  }

  /** Every user, oldest first. */
  async list(): Promise<UserRecord[]> {
    return this.db.manager.query<UserRecord[]>(`SELECT ${COLUMNS} FROM app_user ORDER BY created_at ASC`);
  }

  /** Applies the patch; returns the user as it is now, or null when there is no such user. */
  async update(id: string, patch: UserPatch): Promise<UserRecord | null> {
    const params: unknown[] = [id];
    const sets = ['updated_at = now()'];
    for (const [field, value] of Object.entries(patch) as [keyof UserPatch, unknown][]) {
      if (value === undefined) continue;
      const cast = field === 'skills' ? '::jsonb' : field === 'roles' ? '::text[]' : '';
      sets.push(`${PATCH_COLUMNS[field]} = $${params.push(field === 'skills' ? jsonbParam(value) : value)}${cast}`);
    }
    const [rows] = await this.db.manager.query<[UserRecord[], number]>(
      `UPDATE app_user SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    );
    return rows[0] ?? null;
  }

  /**
   * Counts a failed login, atomically (concurrent failures all count): the `lockAfter`-th
   * consecutive one locks the account until `lockUntil` and starts the count again (a lock set
   * meanwhile by a concurrent failure stays). Returns the account's `locked_until` as it is now.
   */
  async recordLoginFailure(id: string, lockAfter: number, lockUntil: Date): Promise<Date | null> {
    const [rows] = await this.db.manager.query<[{ lockedUntil: Date | null }[], number]>(
      `UPDATE app_user
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
        WHERE id = $1
        RETURNING locked_until AS "lockedUntil"`,
      [id, lockAfter, lockUntil],
    );
    return rows[0]?.lockedUntil ?? null;
  }

  /** A successful login: the count of failures starts again (no write when there is none). */
  async resetLoginFailures(id: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE app_user SET failed_logins = 0, locked_until = NULL
        WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)`,
      [id],
    );
  }

  /** An admin lifts the lock and clears the failures; the user as it is now, or null. */
  async unlock(id: string): Promise<UserRecord | null> {
    const [rows] = await this.db.manager.query<[UserRecord[], number]>(
      `UPDATE app_user SET failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async count(): Promise<number> {
    const [row] = await this.db.manager.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM app_user`);
    return row?.count ?? 0;
  }

  /** Holds the bootstrap lock until the running transaction ends. */
  async lockBootstrap(): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
  }
}
