import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock } from '../common/clock';
import { DomainError, notFound, RetryLaterError } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { PasswordHasher } from './password-hasher';
import type { CreateUserDto, UpdateUserDto, UserView } from './user.dto';
import { ActiveUsers } from './active-users';
import { UserRepository } from './user.repository';
import type { UserPatch, UserRecord } from './user.types';

/** The user as staff see it; a lock that has passed by `now` shows as none. */
export const toUserView = (u: UserRecord, now?: Date): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles,
  skills: u.skills,
  active: u.active,
  createdAt: u.createdAt,
  lockedUntil: u.lockedUntil && (!now || u.lockedUntil > now) ? u.lockedUntil : null,
});

/** The first admin's e-mail when ADMIN_EMAIL is unset. */
export const DEFAULT_ADMIN_EMAIL = 'admin@example.com';

/** Who was made the first admin on this start; the password only when it was generated here. */
export interface FirstAdmin {
  email: string;
  generatedPassword: string | null;
}

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);
  private firstAdmin: FirstAdmin | null = null;

  constructor(
    private readonly users: UserRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly hasher: PasswordHasher,
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly activeUsers: ActiveUsers,
  ) {}

  /**
   * On a start with no users yet, creates the first admin: ADMIN_EMAIL (else admin@example.com)
   * with ADMIN_PASSWORD, or with a password generated here when that is unset. Under a lock, so
   * processes starting together create one admin between them. A generated password is only
   * stored hashed and handed out once (takeFirstAdmin, printed by main.ts): it exists on the one
   * start that created the admin, and never in a log.
   */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return; // the usual start: spare the hashing below
    const generatedPassword = this.config.ADMIN_PASSWORD ? null : randomBytes(12).toString('base64url');
    const password = this.config.ADMIN_PASSWORD ?? generatedPassword ?? '';
    const admin = (this.config.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
    // Hashed before the transaction: argon2 is slow, and the lock would be held meanwhile.
    const passwordHash = await this.hasher.hash(password);
    await this.unitOfWork.run(async () => {
      await this.users.lockBootstrap();
      if ((await this.users.count()) > 0) return;
      await this.users.create({ email: admin, passwordHash, name: 'Administrator', roles: ['admin'], skills: {} });
      this.unitOfWork.afterCommit(() => {
        this.firstAdmin = { email: admin, generatedPassword };
        this.logger.log(`created the first admin ${admin}${generatedPassword ? ' with a generated password' : ''}`);
      });
    });
  }

  /** The admin created on this start (once; null afterwards and on every later start). */
  takeFirstAdmin(): FirstAdmin | null {
    const first = this.firstAdmin;
    this.firstAdmin = null;
    return first;
  }

  async create(dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.users.create({
      email: dto.email,
      passwordHash,
      name: dto.name,
      roles: dto.roles,
      skills: { ...dto.skills },
    });
    if (!user) {
      throw new DomainError('conflict', `a user with the e-mail ${dto.email} already exists`, [
        { field: 'email', message: 'is already taken' },
      ]);
    }
    return toUserView(user);
  }

  async list(): Promise<UserView[]> {
    const now = this.clock.now();
    return (await this.users.list()).map((u) => toUserView(u, now));
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('user', id);
    return toUserView(user, this.clock.now());
  }

  /** An admin lifts a login lock (and clears the failures counted so far). */
  async unlock(id: string): Promise<UserView> {
    const user = await this.users.unlock(id);
    if (!user) throw notFound('user', id);
    return toUserView(user, this.clock.now());
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    // Hashed before the transaction, for the same reason as at bootstrap.
    const passwordHash = dto.password !== undefined ? await this.hasher.hash(dto.password) : undefined;
    return this.unitOfWork.run(async () => {
      const user = await this.users.findById(id);
      if (!user) throw notFound('user', id);
      const patch = userPatch(dto, passwordHash);
      if (Object.keys(patch).length === 0) return toUserView(user, this.clock.now());
      this.unitOfWork.afterCommit(() => this.activeUsers.forget(id));
      return toUserView((await this.users.update(id, patch)) ?? user, this.clock.now());
    });
  }

  /**
   * The active user with this e-mail and password, or null. Per account, LOGIN_LOCK_AFTER_FAILURES
   * consecutive wrong passwords (from any address) lock it for LOGIN_LOCK_MINUTES: meanwhile every
   * login is refused with RetryLaterError, the right password included. A success starts the count again.
   */
  async authenticate(email: string, password: string): Promise<UserRecord | null> {
    const found = await this.users.findActiveByEmail(email.trim().toLowerCase());
    if (found) this.refuseWhileLocked(found.lockedUntil);
    const ok = await this.hasher.verify(found?.passwordHash ?? null, password);
    if (!found) return null;
    if (!ok) {
      await this.countFailure(found.id);
      return null;
    }
    await this.users.resetLoginFailures(found.id);
    const { passwordHash: _hash, ...user } = found;
    return { ...user, lockedUntil: null };
  }

  private async countFailure(id: string): Promise<void> {
    const lockAfter = this.config.LOGIN_LOCK_AFTER_FAILURES;
    if (lockAfter === 0) return;
    const lockedUntil = await this.users.recordLoginFailure(
      id,
      lockAfter,
      this.clock.in(this.config.LOGIN_LOCK_MINUTES * 60_000),
    );
    if (lockedUntil && lockedUntil.getTime() > this.clock.nowMs()) {
      this.logger.warn({ userId: id, lockedUntil }, 'account locked after repeated failed logins');
    }
  }

  private refuseWhileLocked(lockedUntil: Date | null): void {
    const left = lockedUntil ? lockedUntil.getTime() - this.clock.nowMs() : 0;
    if (left <= 0) return;
    throw new RetryLaterError(
      'account_locked',
      'this account is locked after too many failed logins; try again later or ask an admin to unlock it',
      Math.ceil(left / 1000),
    );
  }
}

/** The fields of the DTO that were given, as columns to write. */
function userPatch(dto: UpdateUserDto, passwordHash: string | undefined): UserPatch {
  const patch: UserPatch = {};
  if (dto.name !== undefined) patch.name = dto.name;
  if (dto.roles !== undefined) patch.roles = dto.roles;
  if (dto.skills !== undefined) patch.skills = { ...dto.skills };
  if (dto.active !== undefined) patch.active = dto.active;
  if (passwordHash !== undefined) patch.passwordHash = passwordHash;
  return patch;
}
