import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DomainError, notFound } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { PasswordHasher } from './password-hasher';
import type { CreateUserDto, UpdateUserDto, UserView } from './user.dto';
import { UserRepository } from './user.repository';
import type { UserPatch, UserRecord } from './user.types';

export const toUserView = (u: UserRecord): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles,
  skills: u.skills,
  active: u.active,
  createdAt: u.createdAt,
});

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly hasher: PasswordHasher,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * On a start with no users yet, creates the admin named by ADMIN_EMAIL / ADMIN_PASSWORD. Under a
   * lock, so processes starting together create one admin between them.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    // Hashed before the transaction: argon2 is slow, and the lock would be held meanwhile.
    const passwordHash = email && password ? await this.hasher.hash(password) : null;
    await this.unitOfWork.run(async () => {
      await this.users.lockBootstrap();
      if ((await this.users.count()) > 0) return;
      if (!email || !passwordHash) {
        this.unitOfWork.afterCommit(() =>
          this.logger.warn('no users yet: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin'),
        );
        return;
      }
      const admin = email.toLowerCase();
      await this.users.create({ email: admin, passwordHash, name: 'Administrator', roles: ['admin'], skills: {} });
      this.unitOfWork.afterCommit(() => this.logger.log(`created the first admin ${admin}`));
    });
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
    return (await this.users.list()).map(toUserView);
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    // Hashed before the transaction, for the same reason as at bootstrap.
    const passwordHash = dto.password !== undefined ? await this.hasher.hash(dto.password) : undefined;
    return this.unitOfWork.run(async () => {
      const user = await this.users.findById(id);
      if (!user) throw notFound('user', id);
      const patch = userPatch(dto, passwordHash);
      if (Object.keys(patch).length === 0) return toUserView(user);
      return toUserView((await this.users.update(id, patch)) ?? user);
    });
  }

  /** The active user with this e-mail and password, or null. */
  async authenticate(email: string, password: string): Promise<UserRecord | null> {
    const found = await this.users.findActiveByEmail(email.trim().toLowerCase());
    const ok = await this.hasher.verify(found?.passwordHash ?? null, password);
    if (!found || !ok) return null;
    const { passwordHash: _hash, ...user } = found;
    return user;
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
