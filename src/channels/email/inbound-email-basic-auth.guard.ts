import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * SendGrid Inbound Parse signs nothing: its URL carries HTTP Basic credentials
 * (`https://user:password@host/webhooks/email/sendgrid`) that must equal INBOUND_EMAIL_BASIC_AUTH.
 * Without credentials: 401 with a challenge; wrong ones: 403; the variable unset: 503, so
 * SendGrid keeps retrying until the service is configured instead of losing mail.
 */
@Injectable()
export class InboundEmailBasicAuthGuard implements CanActivate {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.INBOUND_EMAIL_BASIC_AUTH;
    if (!expected) throw new DomainError('unavailable', 'INBOUND_EMAIL_BASIC_AUTH is not configured');
    const req = context.switchToHttp().getRequest<Request>();
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Basic realm="inbound-email"');
      throw new DomainError('unauthenticated', 'HTTP Basic credentials are required', [
        { field: 'Authorization', message: 'must carry the INBOUND_EMAIL_BASIC_AUTH credentials' },
      ]);
    }
    const given = Buffer.from(match[1], 'base64').toString('utf8');
    // Hash both sides so the comparison takes the same time whatever the lengths.
    if (!timingSafeEqual(digest(given), digest(expected))) {
      throw new DomainError('forbidden', 'HTTP Basic credentials do not match', [
        { field: 'Authorization', message: 'does not match INBOUND_EMAIL_BASIC_AUTH' },
      ]);
    }
    return true;
  }
}
