import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, InjectConfig } from '../config/app-config';
import type { AccessTokenClaims, Principal } from './auth.types';

const DEVELOPMENT_SECRET = 'development-only-secret-set-JWT_SECRET-in-production';

/** Signs and verifies agents' access tokens (HS256 with JWT_SECRET). */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);
  private readonly secret: string;

  constructor(
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.secret = config.JWT_SECRET ?? DEVELOPMENT_SECRET;
    if (!config.JWT_SECRET) this.logger.warn('JWT_SECRET is not set: using an insecure development secret');
  }

  /** A token for the principal, valid for JWT_EXPIRES_IN_SECONDS unless `expiresIn` (seconds) says otherwise. */
  sign(
    principal: Principal,
    expiresIn = this.config.JWT_EXPIRES_IN_SECONDS,
  ): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: principal.id, email: principal.email, roles: principal.roles };
    return { accessToken: this.jwt.sign(claims, { secret: this.secret, expiresIn, algorithm: 'HS256' }), expiresIn };
  }

  /** The principal of a valid token, or null (expired, forged, malformed). */
  verify(token: string): Principal | null {
    return this.verifySession(token)?.principal ?? null;
  }

  /** The principal of a valid token and when the token expires (null: never), or null. */
  verifySession(token: string): { principal: Principal; expiresAt: Date | null } | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims & { exp?: unknown }>(token, {
        secret: this.secret,
        algorithms: ['HS256'],
      });
      if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return null;
      const expiresAt = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null;
      return { principal: { id: claims.sub, email: claims.email, roles: claims.roles }, expiresAt };
    } catch {
      return null;
    }
  }
}
