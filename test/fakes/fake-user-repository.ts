import type { PasswordHasher } from '../../src/users/password-hasher';
import type { UserRepository } from '../../src/users/user.repository';
import type { NewUser, UserPatch, UserRecord } from '../../src/users/user.types';
import type { Public } from './public';

type StoredUser = UserRecord & { passwordHash: string; failedLogins: number };

/** The app_user table in memory: e-mails unique, users listed oldest first. */
export class FakeUserRepository implements Public<UserRepository> {
  readonly rows: StoredUser[] = [];
  bootstrapLocks = 0;
  private created = 0;

  create(user: NewUser): Promise<UserRecord | null> {
    if (this.rows.some((u) => u.email === user.email)) return Promise.resolve(null);
    const row: StoredUser = {
      ...user,
      id: `00000000-0000-4000-8000-${String(++this.created).padStart(12, '0')}`,
      active: true,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, this.created)),
    };
    this.rows.push(row);
    return Promise.resolve(withoutHash(row));
  }

  findById(id: string): Promise<UserRecord | null> {
    const row = this.rows.find((u) => u.id === id);
    return Promise.resolve(row ? withoutHash(row) : null);
  }

  findActiveByEmail(email: string): Promise<StoredUser | null> {
    const row = this.rows.find((u) => u.email === email && u.active);
    return Promise.resolve(row ? { ...row } : null);
  }

  list(): Promise<UserRecord[]> {
    return Promise.resolve(
      [...this.rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(withoutHash),
    );
  }

  update(id: string, patch: UserPatch): Promise<UserRecord | null> {
    const row = this.rows.find((u) => u.id === id);
    if (!row) return Promise.resolve(null);
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) Object.assign(row, { [key]: value });
    return Promise.resolve(withoutHash(row));
  }

  recordLoginFailure(id: string, lockAfter: number, lockUntil: Date): Promise<Date | null> {
    const row = this.rows.find((u) => u.id === id);
    if (!row) return Promise.resolve(null);
    row.failedLogins += 1;
    if (row.failedLogins >= lockAfter) {
      row.failedLogins = 0;
      row.lockedUntil = lockUntil;
    }
    return Promise.resolve(row.lockedUntil);
  }

  resetLoginFailures(id: string): Promise<void> {
    const row = this.rows.find((u) => u.id === id);
    if (row) Object.assign(row, { failedLogins: 0, lockedUntil: null });
    return Promise.resolve();
  }

  unlock(id: string): Promise<UserRecord | null> {
    const row = this.rows.find((u) => u.id === id);
    if (!row) return Promise.resolve(null);
    Object.assign(row, { failedLogins: 0, lockedUntil: null });
    return Promise.resolve(withoutHash(row));
  }

  count(): Promise<number> {
    return Promise.resolve(this.rows.length);
  }

  lockBootstrap(): Promise<void> {
    this.bootstrapLocks++;
    return Promise.resolve();
  }
}

const withoutHash = ({ passwordHash: _hash, failedLogins: _failed, ...user }: StoredUser): UserRecord => ({ ...user });

/** A hasher without argon2's cost: `hash:<password>`, verified by comparison. */
export class FakePasswordHasher implements Public<PasswordHasher> {
  hash(password: string): Promise<string> {
    return Promise.resolve(`hash:${password}`);
  }

  verify(hash: string | null, password: string): Promise<boolean> {
    return Promise.resolve(hash !== null && hash === `hash:${password}`);
  }
}
