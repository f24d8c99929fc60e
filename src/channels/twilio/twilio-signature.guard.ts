import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import twilio from 'twilio';
import { DomainError } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { isRecord } from '../provider-fields';
import { publicUrl } from './webhook-url';

/**
 * Lets a request through only when `X-Twilio-Signature` is Twilio's signature, under our auth
 * token, of the URL Twilio called (PUBLIC_BASE_URL + the path and query) and the form
 * parameters. The twilio library checks the URL with and without the scheme's default port, as
 * Twilio's documentation asks. Runs before any parsing of the fields, so a forged request is
 * refused (403) before anything is read or stored.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger(TwilioSignatureGuard.name);

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const authToken = this.config.TWILIO_AUTH_TOKEN;
    if (!authToken) {
      throw new DomainError('unavailable', 'Twilio webhooks are off until TWILIO_AUTH_TOKEN is set', [
        { field: 'TWILIO_AUTH_TOKEN', message: 'TWILIO_AUTH_TOKEN is not set' },
      ]);
    }
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature === '') {
      this.refuse(request, 'missing signature');
    }
    const url = publicUrl(this.config.PUBLIC_BASE_URL, request.originalUrl);
    const params: Record<string, unknown> = isRecord(request.body) ? request.body : {};
    if (!this.matches(authToken, signature, url, params)) this.refuse(request, 'signature does not match');
    return true;
  }

  private matches(authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean {
    try {
      // The URL exactly as configured is what Twilio signs in practice: one HMAC. Only a
      // mismatch pays for the library's other spellings of it (port added or removed, re-encoded).
      return sameText(signature, twilio.getExpectedTwilioSignature(authToken, url, params))
        ? true
        : twilio.validateRequest(authToken, signature, url, params);
    } catch {
      return false; // a URL the library cannot parse is as good as a wrong signature
    }
  }

  private refuse(request: Request, reason: string): never {
    // Never the signature or the token: only what helps find a misconfigured URL.
    this.logger.warn({ path: request.path, reason }, 'Twilio webhook refused');
    throw new DomainError('forbidden', `X-Twilio-Signature: ${reason}`, [
      { field: 'X-Twilio-Signature', message: reason },
    ]);
  }
}

/** Constant-time comparison of two signatures (different lengths are simply unequal). */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
