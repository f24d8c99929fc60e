import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { EphemeralStore } from '../../redis/ephemeral-store';
import { EmailIntakeService, EmailOutcome } from './email-intake.service';
import {
  checkMailgunSignature,
  isMailgunRawMode,
  mailgunHeaderBlock,
  mailgunParsedToEmail,
  mailgunRawToEmail,
} from './mailgun.adapter';
import type { WebhookForm } from './webhook-form';

/**
 * Mailgun routes: the signature is checked before anything is read, a stale timestamp or a token
 * seen before is refused (tokens are remembered as shared claims, in Redis or PostgreSQL, for twice the accepted clock window),
 * and a token is forgotten again when storing failed, so Mailgun's retry of it goes through.
 */
@Injectable()
export class MailgunInboundService {
  private readonly logger = new Logger(MailgunInboundService.name);

  constructor(
    private readonly email: EmailIntakeService,
    private readonly claims: EphemeralStore,
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async receive(form: WebhookForm, nowSeconds = Math.floor(this.clock.nowMs() / 1000)): Promise<EmailOutcome> {
    const release = await this.verify(form, nowSeconds);
    try {
      return await this.process(form);
    } catch (error) {
      await release();
      throw error;
    }
  }

  private async verify(form: WebhookForm, nowSeconds: number): Promise<() => Promise<void>> {
    const key = this.config.MAILGUN_WEBHOOK_SIGNING_KEY;
    if (!key) throw new DomainError('unavailable', 'MAILGUN_WEBHOOK_SIGNING_KEY is not configured');
    const maxAge = this.config.MAILGUN_WEBHOOK_MAX_AGE_SECONDS;
    const signature = {
      timestamp: form.text('timestamp'),
      token: form.text('token'),
      signature: form.text('signature'),
    };
    const check = checkMailgunSignature(key, signature, nowSeconds, maxAge);
    switch (check) {
      case 'ok':
        break;
      case 'missing':
      case 'bad_signature':
        throw new DomainError('forbidden', 'the Mailgun signature does not verify', [
          { field: 'signature', message: 'must be hex(HMAC-SHA256(signing key, timestamp + token))' },
        ]);
      case 'stale':
        throw new DomainError('forbidden', `the Mailgun timestamp is more than ${maxAge} seconds away from now`, [
          { field: 'timestamp', message: `must be within ${maxAge} seconds of now` },
        ]);
    }
    const tokenKey = `mailgun:token:${createHash('sha256').update(signature.token!).digest('hex')}`;
    let claimed: boolean;
    try {
      claimed = await this.claims.claim(tokenKey, String(nowSeconds), maxAge * 2 * 1000);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'Mailgun replay check unavailable');
      throw new DomainError('unavailable', 'the replay check is unavailable; retry later');
    }
    if (!claimed) {
      throw new DomainError('forbidden', 'this Mailgun token was already used', [
        { field: 'token', message: 'was already used (replayed request)' },
      ]);
    }
    return async () => {
      await this.claims.remove(tokenKey).catch(() => undefined);
    };
  }

  private async process(form: WebhookForm): Promise<EmailOutcome> {
    if (isMailgunRawMode(form)) {
      return this.email.receiveRaw(form.bytes('body-mime')!, 'mailgun', (mail, charsetHint) =>
        mailgunRawToEmail(form, mail, charsetHint),
      );
    }
    const headerMail = await this.email.parseMime(`${mailgunHeaderBlock(form)}\r\n\r\n`);
    if (!headerMail) {
      return { status: 'refused', reason: 'invalid', field: 'message-headers', message: 'unreadable headers' };
    }
    return this.email.receive(mailgunParsedToEmail(form, headerMail), 'mailgun');
  }
}
