import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { MetricsService } from '../metrics/metrics.service';
import { MailSender, OutgoingMail, SentMail } from './mail-sender';
import { MailSendRepository } from './mail-send.repository';

export type OnceOutcome =
  /** Sent now; `onSent` ran in the unit that recorded it. */
  | { outcome: 'sent'; sent: SentMail }
  /** An earlier attempt sent it. */
  | { outcome: 'already_sent' }
  /** An earlier attempt died mid-send: whether it arrived is unknown, and it is never resent. */
  | { outcome: 'uncertain' };

type Claim =
  { step: 'send'; messageId: string } | { step: 'done'; outcome: OnceOutcome } | { step: 'wait'; waitMs: number };

/** How often an attempt that found the mail `sending` looks again. */
const RECHECK_MS = 200;

/**
 * Sends a mail at most once per key, whatever dies when:
 *
 * 1. claim: a `mail_send` row is inserted as `sending` (or the existing one locked) and committed
 *    *before* the SMTP call, with the Message-ID fixed in it;
 * 2. the SMTP call, outside any transaction (no lock is held while a slow server answers);
 * 3. the row is marked `sent` in one unit with the caller's own record of it (`onSent`: the
 *    contact's `acknowledged_at`, the timeline), so both or neither commit.
 *
 * A retry finds `sent` and stops. A mail server's refusal seen by a living process sets `retry`,
 * and the next attempt sends again with the same Message-ID (it was refused, or receivers dedupe
 * by Message-ID). A row found still `sending` means another attempt is sending it right now, or
 * its process died in the middle of the SMTP call: while younger than MAIL_SEND_UNCERTAIN_AFTER_MS
 * this attempt waits and looks again (the other one usually finishes in milliseconds: then this one
 * answers `already_sent`); after that the send is *uncertain* and we choose at-most-once: the row
 * becomes `uncertain`, an error is logged and `mail_sends_uncertain_total` counts it, and the mail
 * is never sent again (a customer never gets two; an operator can look the rare lost one up).
 */
@Injectable()
export class OnceMailer {
  private readonly logger = new Logger(OnceMailer.name);

  constructor(
    private readonly sends: MailSendRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: MailSender,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: Pick<AppConfig, 'MAIL_SEND_UNCERTAIN_AFTER_MS'>,
  ) {}

  /** Waits before looking at a `sending` record again; a spec replaces it to move a fake clock. */
  pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  async send(key: string, mail: OutgoingMail, onSent: (sent: SentMail) => Promise<void>): Promise<OnceOutcome> {
    for (;;) {
      const claim = await this.claim(key, mail);
      if (claim.step === 'send') return this.deliver(key, { ...mail, messageId: claim.messageId }, onSent);
      if (claim.step === 'done') return claim.outcome;
      await this.pause(Math.min(RECHECK_MS, claim.waitMs));
    }
  }

  private claim(key: string, mail: OutgoingMail): Promise<Claim> {
    return this.unitOfWork.run(async () => {
      const { record, created } = await this.sends.claim(key, mail.messageId, mail.to);
      if (created) return { step: 'send', messageId: record.messageId };
      switch (record.status) {
        case 'sent':
          return { step: 'done', outcome: { outcome: 'already_sent' } };
        case 'uncertain':
          return { step: 'done', outcome: { outcome: 'uncertain' } };
        case 'retry':
          await this.sends.restart(key);
          return { step: 'send', messageId: record.messageId };
        case 'sending': {
          const age = this.clock.nowMs() - new Date(record.updatedAt).getTime();
          const left = this.config.MAIL_SEND_UNCERTAIN_AFTER_MS - age;
          if (left > 0) return { step: 'wait', waitMs: left };
          await this.sends.markUncertain(key);
          this.unitOfWork.afterCommit(() => {
            this.metrics.mailSendsUncertain.inc();
            this.logger.error(
              { key, messageId: record.messageId, to: mail.to, startedMsAgo: age },
              'mail send uncertain: its worker died mid-send; not sent again (at most once)',
            );
          });
          return { step: 'done', outcome: { outcome: 'uncertain' } };
        }
      }
    });
  }

  private async deliver(
    key: string,
    mail: OutgoingMail,
    onSent: (sent: SentMail) => Promise<void>,
  ): Promise<OnceOutcome> {
    let sent: SentMail;
    try {
      sent = await this.mail.send(mail);
    } catch (error) {
      await this.sends.markRetry(key, (error as Error).message);
      throw error;
    }
    await this.unitOfWork.run(async () => {
      await this.sends.markSent(key, sent.transport);
      await onSent(sent);
    });
    return { outcome: 'sent', sent };
  }
}
