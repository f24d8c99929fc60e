import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { NewUser, UserPatch, UserRecord } from './user.types';

/** Serializes the first-admin bootstrap across processes starting together. */
const BOOTSTRAP_LOCK_KEY = 7_316_206;

const COLUMNS = `id, email, name, roles, skills, active, created_at AS "createdAt"`;

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

  async count(): Promise<number> {
    const [row] = await this.db.manager.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM app_user`);
    return row?.count ?? 0;
  }

  /** Holds the bootstrap lock until the running transaction ends. */
  async lockBootstrap(): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
  }
}
