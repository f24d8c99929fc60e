import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, RetryLaterError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.schema';
import { FakeClock } from '../../test/fakes/fake-clock';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { FakePasswordHasher, FakeUserRepository } from '../../test/fakes/fake-user-repository';
import { asPort } from '../../test/fakes/public';
import { ActiveUsers, ACTIVE_USER_CACHE_MS } from './active-users';
import type { PasswordHasher } from './password-hasher';
import { CreateUserDto, UpdateUserDto } from './user.dto';
import type { UserRepository } from './user.repository';
import { UsersService } from './users.service';

const configWith = (env: Record<string, string> = {}): AppConfig =>
  validateEnv({ NODE_ENV: 'test', DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://r', ...env });

const agent = { email: 'agent@example.test', password: 'password-1', name: 'Agent', roles: ['agent' as const] };

function build(env: Record<string, string> = {}) {
  const users = new FakeUserRepository();
  const unitOfWork = new FakeUnitOfWork();
  const clock = new FakeClock();
  const activeUsers = new ActiveUsers(asPort<UserRepository>(users), clock);
  const service = new UsersService(
    asPort<UserRepository>(users),
    unitOfWork,
    asPort<PasswordHasher>(new FakePasswordHasher()),
    configWith(env),
    clock,
    activeUsers,
  );
  return { service, users, unitOfWork, clock, activeUsers };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as DomainError,
  );

describe('UsersService', () => {
  describe('create', () => {
    it('stores the user with a hash of the password, never the password, and answers its view', async () => {
      const { service, users } = build();
      const view = await service.create({ ...agent, skills: { languages: ['ja'] } });
      expect(view).toMatchObject({ email: agent.email, name: 'Agent', roles: ['agent'], active: true });
      expect(view.skills).toEqual({ languages: ['ja'] });
      expect(view).not.toHaveProperty('passwordHash');
      expect(users.rows[0].passwordHash).toBe('hash:password-1');
    });

    it('gives a user created without skills empty skills', async () => {
      const { service } = build();
      expect((await service.create(agent)).skills).toEqual({});
    });

    it('refuses a second user with the same e-mail as a conflict on the field', async () => {
      const { service, users } = build();
      await service.create(agent);
      const error = await errorOf(service.create({ ...agent, name: 'Other' }));
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'conflict', fieldErrors: [{ field: 'email', message: 'is already taken' }] });
      expect(users.rows).toHaveLength(1);
    });
  });

  describe('the DTOs', () => {
    const problems = async (cls: new () => object, body: object) =>
      (await validate(plainToInstance(cls, body))).map((e) => e.property);

    it('accepts a well-formed user and lowercases its e-mail', async () => {
      const dto = plainToInstance(CreateUserDto, { ...agent, email: ' Agent@Example.TEST ' });
      expect(await validate(dto)).toEqual([]);
      expect(dto.email).toBe('agent@example.test');
    });

    it.each([
      ['a malformed e-mail', { email: 'not-an-address' }, 'email'],
      ['a short password', { password: 'short' }, 'password'],
      ['an empty name', { name: '   ' }, 'name'],
      ['an unknown role', { roles: ['boss'] }, 'roles'],
      ['a repeated role', { roles: ['agent', 'agent'] }, 'roles'],
    ])('refuses %s', async (_label, change, field) => {
      expect(await problems(CreateUserDto, { ...agent, ...change })).toContain(field);
    });

    it('refuses an update with an unknown role or a short password', async () => {
      expect(await problems(UpdateUserDto, { roles: ['root'] })).toContain('roles');
      expect(await problems(UpdateUserDto, { password: 'x' })).toContain('password');
      expect(await problems(UpdateUserDto, {})).toEqual([]);
    });
  });

  describe('update', () => {
    it('changes only the fields given, roles included, and rehashes a new password', async () => {
      const { service, users } = build();
      const { id } = await service.create(agent);
      const view = await service.update(id, { roles: ['agent', 'supervisor'], password: 'new-password' });
      expect(view).toMatchObject({ name: 'Agent', roles: ['agent', 'supervisor'], active: true });
      expect(users.rows[0].passwordHash).toBe('hash:new-password');
    });

    it('deactivates a user, who can then no longer log in', async () => {
      const { service } = build();
      const { id } = await service.create(agent);
      expect((await service.update(id, { active: false })).active).toBe(false);
      expect(await service.authenticate(agent.email, agent.password)).toBeNull();
    });

    it('answers an empty update with the user as it is', async () => {
      const { service } = build();
      const created = await service.create(agent);
      expect(await service.update(created.id, {})).toEqual(created);
    });

    it('refuses an unknown user as not found', async () => {
      const { service } = build();
      expect(await errorOf(service.update('00000000-0000-4000-8000-999999999999', { name: 'X' }))).toMatchObject({
        code: 'not_found',
      });
    });
  });

  describe('authenticate', () => {
    it('finds the active user by e-mail, whatever its case and spaces, without the hash', async () => {
      const { service } = build();
      await service.create(agent);
      const user = await service.authenticate('  AGENT@example.test ', agent.password);
      expect(user).toMatchObject({ email: agent.email, roles: ['agent'] });
      expect(user).not.toHaveProperty('passwordHash');
    });

    it('is null for a wrong password or an unknown e-mail', async () => {
      const { service } = build();
      await service.create(agent);
      expect(await service.authenticate(agent.email, 'wrong-password')).toBeNull();
      expect(await service.authenticate('nobody@example.test', agent.password)).toBeNull();
    });
  });

  describe('the login lock', () => {
    const lockEnv = { LOGIN_LOCK_AFTER_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' };
    const failTimes = async (service: UsersService, n: number) => {
      for (let i = 0; i < n; i++) expect(await service.authenticate(agent.email, 'wrong-password')).toBeNull();
    };

    it('locks the account after N consecutive failures: even the right password is refused, with Retry-After', async () => {
      const { service, clock } = build(lockEnv);
      const { id } = await service.create(agent);
      await failTimes(service, 3);
      const error = await errorOf(service.authenticate(agent.email, agent.password));
      expect(error).toBeInstanceOf(RetryLaterError);
      expect(error).toMatchObject({ code: 'account_locked', retryAfterSeconds: 15 * 60 });
      expect((await service.get(id)).lockedUntil).toEqual(clock.in(15 * 60_000));

      clock.advance(5 * 60_000);
      expect(await errorOf(service.authenticate(agent.email, 'wrong-password'))).toMatchObject({
        retryAfterSeconds: 10 * 60,
      });
    });

    it('lifts the lock when it expires; the count starts again from zero', async () => {
      const { service, clock } = build(lockEnv);
      const { id } = await service.create(agent);
      await failTimes(service, 3);
      clock.advance(15 * 60_000);
      expect((await service.get(id)).lockedUntil).toBeNull();
      await failTimes(service, 2);
      expect(await service.authenticate(agent.email, agent.password)).toMatchObject({ id, lockedUntil: null });
    });

    it('is reset by a successful login: only consecutive failures count', async () => {
      const { service } = build(lockEnv);
      await service.create(agent);
      await failTimes(service, 2);
      expect(await service.authenticate(agent.email, agent.password)).not.toBeNull();
      await failTimes(service, 2);
      expect(await service.authenticate(agent.email, agent.password)).not.toBeNull();
    });

    it('is lifted by an admin before it expires', async () => {
      const { service } = build(lockEnv);
      const { id } = await service.create(agent);
      await failTimes(service, 3);
      expect((await service.unlock(id)).lockedUntil).toBeNull();
      expect(await service.authenticate(agent.email, agent.password)).toMatchObject({ id });
    });

    it('never locks with LOGIN_LOCK_AFTER_FAILURES=0, and answers an unknown user to unlock as not found', async () => {
      const { service } = build({ LOGIN_LOCK_AFTER_FAILURES: '0' });
      await service.create(agent);
      await failTimes(service, 20);
      expect(await service.authenticate(agent.email, agent.password)).not.toBeNull();
      expect(await errorOf(service.unlock('00000000-0000-4000-8000-999999999999'))).toMatchObject({
        code: 'not_found',
      });
    });

    it('counts nothing for an unknown e-mail', async () => {
      const { service, users } = build(lockEnv);
      await service.create(agent);
      for (let i = 0; i < 5; i++) expect(await service.authenticate('nobody@example.test', 'x')).toBeNull();
      expect(users.rows[0].failedLogins).toBe(0);
    });
  });

  describe('the admin bootstrap', () => {
    const admin = { ADMIN_EMAIL: 'Admin@Example.test', ADMIN_PASSWORD: 'admin-password' };

    it('creates the first admin, lowercased, under the bootstrap lock', async () => {
      const { service, users, unitOfWork } = build(admin);
      await service.onApplicationBootstrap();
      expect(users.rows).toEqual([
        expect.objectContaining({ email: 'admin@example.test', roles: ['admin'], passwordHash: 'hash:admin-password' }),
      ]);
      expect(users.bootstrapLocks).toBe(1);
      expect(unitOfWork.committed).toBe(1);
    });

    it('creates nobody when a user exists already, and hands out nothing', async () => {
      const existing = build(admin);
      await existing.service.create(agent);
      await existing.service.onApplicationBootstrap();
      expect(existing.users.rows.map((u) => u.email)).toEqual([agent.email]);
      expect(existing.service.takeFirstAdmin()).toBeNull();
    });

    it('names a configured admin once, without a password', async () => {
      const { service } = build(admin);
      await service.onApplicationBootstrap();
      expect(service.takeFirstAdmin()).toEqual({ email: 'admin@example.test', generatedPassword: null });
      expect(service.takeFirstAdmin()).toBeNull();
    });

    it.each([
      [{}, 'admin@example.com'],
      [{ ADMIN_EMAIL: 'Boss@Example.test' }, 'boss@example.test'],
    ])('with %j and no ADMIN_PASSWORD generates one, stores it hashed and hands it out once', async (env, email) => {
      const { service, users } = build(env);
      await service.onApplicationBootstrap();
      const first = service.takeFirstAdmin();
      expect(first?.email).toBe(email);
      expect(first?.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(users.rows).toEqual([
        expect.objectContaining({ email, roles: ['admin'], passwordHash: `hash:${first?.generatedPassword}` }),
      ]);
      expect(service.takeFirstAdmin()).toBeNull();
      // A later start finds the admin and generates nothing.
      await service.onApplicationBootstrap();
      expect(users.rows).toHaveLength(1);
      expect(service.takeFirstAdmin()).toBeNull();
    });
  });

  describe('active users (a token outlives a deactivation)', () => {
    it('answers from the account, forgets a user changed here at once, and re-reads after the cache period', async () => {
      const { service, activeUsers, clock, users } = build();
      const created = await service.create(plainToInstance(CreateUserDto, agent));
      expect(await activeUsers.isActive(created.id)).toBe(true);

      await service.update(created.id, plainToInstance(UpdateUserDto, { active: false }));
      expect(await activeUsers.isActive(created.id)).toBe(false);

      // Re-activated by another process: this one trusts its answer for the cache period, then reads again.
      await users.update(created.id, { active: true });
      expect(await activeUsers.isActive(created.id)).toBe(false);
      clock.advance(ACTIVE_USER_CACHE_MS + 1);
      expect(await activeUsers.isActive(created.id)).toBe(true);
    });

    it('treats an unknown user as inactive', async () => {
      const { activeUsers } = build();
      expect(await activeUsers.isActive('00000000-0000-4000-8000-000000000000')).toBe(false);
    });
  });
});
