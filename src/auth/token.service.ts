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

  sign(principal: Principal): { accessToken: string; expiresIn: number } {
    const claims: AccessTokenClaims = { sub: principal.id, email: principal.email, roles: principal.roles };
    const expiresIn = this.config.JWT_EXPIRES_IN_SECONDS;
    return { accessToken: this.jwt.sign(claims, { secret: this.secret, expiresIn, algorithm: 'HS256' }), expiresIn };
  }

  /** The principal of a valid token, or null (expired, forged, malformed). */
  verify(token: string): Principal | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims>(token, { secret: this.secret, algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return null;
      return { id: claims.sub, email: claims.email, roles: claims.roles };
    } catch {
      return null;
    }
  }
}
