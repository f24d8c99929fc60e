import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.schema';
import type { Principal } from './auth.types';
import { TokenService } from './token.service';

const SECRET = 'spec-secret-that-is-long-enough-0123456789';
const configWith = (env: Record<string, string> = {}): AppConfig =>
  validateEnv({ NODE_ENV: 'test', DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://r', ...env });

const principal: Principal = { id: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b', email: 'a@example.test', roles: ['agent'] };
const jwt = new JwtService({});

describe('TokenService', () => {
  const tokens = new TokenService(jwt, configWith({ JWT_SECRET: SECRET, JWT_EXPIRES_IN_SECONDS: '600' }));

  it('signs a token that verifies back to the same principal, valid for JWT_EXPIRES_IN_SECONDS', () => {
    const { accessToken, expiresIn } = tokens.sign(principal);
    expect(expiresIn).toBe(600);
    expect(tokens.verify(accessToken)).toEqual(principal);
    const claims = jwt.decode<{ iat: number; exp: number }>(accessToken);
    expect(claims.exp - claims.iat).toBe(600);
  });

  it('refuses a token signed with another secret, a malformed one, and an expired one', () => {
    const forged = new TokenService(jwt, configWith({ JWT_SECRET: `${SECRET}-other` })).sign(principal).accessToken;
    expect(tokens.verify(forged)).toBeNull();
    expect(tokens.verify('not.a.token')).toBeNull();
    const expired = jwt.sign(
      { sub: principal.id, email: principal.email, roles: principal.roles, exp: Math.floor(Date.now() / 1000) - 10 },
      { secret: SECRET, algorithm: 'HS256' },
    );
    expect(tokens.verify(expired)).toBeNull();
  });

  it('refuses a token of another algorithm, even with the right secret', () => {
    const hs512 = jwt.sign(
      { sub: principal.id, email: principal.email, roles: principal.roles },
      {
        secret: SECRET,
        algorithm: 'HS512',
      },
    );
    expect(tokens.verify(hs512)).toBeNull();
  });

  it('refuses a validly signed token whose claims lack a subject or roles', () => {
    const noRoles = jwt.sign({ sub: principal.id, email: principal.email }, { secret: SECRET, algorithm: 'HS256' });
    const noSubject = jwt.sign({ email: principal.email, roles: ['agent'] }, { secret: SECRET, algorithm: 'HS256' });
    expect(tokens.verify(noRoles)).toBeNull();
    expect(tokens.verify(noSubject)).toBeNull();
  });
});
