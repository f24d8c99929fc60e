import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { DomainError, notFound } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { PasswordHasher } from './password-hasher';
import type { CreateUserDto, UpdateUserDto, UserView } from './user.dto';
import { User } from './user.entity';

const UNIQUE_VIOLATION = '23505';
const BOOTSTRAP_LOCK_KEY = 7_316_206;

export const toUserView = (u: User): UserView => ({
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
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private get users() {
    return this.dataSource.getRepository(User);
  }

  /** On a start with no users yet, creates the admin named by ADMIN_EMAIL / ADMIN_PASSWORD. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    const passwordHash = email && password ? await this.hasher.hash(password) : null;
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      if ((await manager.count(User)) > 0) return;
      if (!email || !passwordHash) {
        this.logger.warn('no users yet: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin');
        return;
      }
      await manager.insert(User, { email: email.toLowerCase(), passwordHash, name: 'Administrator', roles: ['admin'] });
      this.logger.log(`created the first admin ${email.toLowerCase()}`);
    });
  }

  async create(dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      const user = await this.users.save(
        this.users.create({
          email: dto.email,
          passwordHash,
          name: dto.name,
          roles: dto.roles,
          skills: { ...dto.skills },
        }),
      );
      return toUserView(user);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DomainError('conflict', `a user with the e-mail ${dto.email} already exists`, [
          { field: 'email', message: 'is already taken' },
        ]);
      }
      throw error;
    }
  }

  async list(): Promise<UserView[]> {
    return (await this.users.find({ order: { createdAt: 'ASC' } })).map(toUserView);
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('user', id);
    const patch: Partial<User> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.roles !== undefined) patch.roles = dto.roles;
    if (dto.skills !== undefined) patch.skills = { ...dto.skills };
    if (dto.active !== undefined) patch.active = dto.active;
    if (dto.password !== undefined) patch.passwordHash = await this.hasher.hash(dto.password);
    if (Object.keys(patch).length > 0) await this.users.update({ id }, patch);
    return toUserView(await this.users.findOneByOrFail({ id }));
  }

  /** The active user with this e-mail and password, or null. */
  async authenticate(email: string, password: string): Promise<User | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email AND u.active', { email: email.trim().toLowerCase() })
      .getOne();
    const ok = await this.hasher.verify(user?.passwordHash ?? null, password);
    return ok ? user : null;
  }
}
