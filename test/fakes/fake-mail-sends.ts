import type { AppConfig } from '../../src/config/app-config';
import type { MailSendRecord, MailSendRepository, MailSendStatus } from '../../src/mail/mail-send.repository';
import { MailSender } from '../../src/mail/mail-sender';
import { OnceMailer } from '../../src/mail/once-mailer';
import type { MetricsService } from '../../src/metrics/metrics.service';
import { FakeClock } from './fake-clock';
import { FakeUnitOfWork } from './fake-unit-of-work';
import { asPartialPort, asPort, type Public } from './public';

/** The mail_send table in memory, on a FakeClock. */
export class FakeMailSends implements Public<MailSendRepository> {
  readonly rows = new Map<string, MailSendRecord>();

  constructor(private readonly clock: FakeClock) {}

  claim(key: string, messageId: string): Promise<{ record: MailSendRecord; created: boolean }> {
    const existing = this.rows.get(key);
    if (existing) return Promise.resolve({ record: { ...existing }, created: false });
    const record: MailSendRecord = { key, messageId, status: 'sending', attempts: 1, updatedAt: this.clock.now() };
    this.rows.set(key, record);
    return Promise.resolve({ record: { ...record }, created: true });
  }

  restart(key: string): Promise<void> {
    const row = this.rows.get(key)!;
    row.attempts++;
    return this.set(key, 'sending');
  }

  markSent(key: string): Promise<void> {
    return this.set(key, 'sent');
  }

  markRetry(key: string): Promise<void> {
    return this.rows.get(key)?.status === 'sending' ? this.set(key, 'retry') : Promise.resolve();
  }

  markUncertain(key: string): Promise<void> {
    return this.set(key, 'uncertain');
  }

  status(key: string): MailSendStatus | undefined {
    return this.rows.get(key)?.status;
  }

  private set(key: string, status: MailSendStatus): Promise<void> {
    const row = this.rows.get(key)!;
    row.status = status;
    row.updatedAt = this.clock.now();
    return Promise.resolve();
  }
}

/** A real OnceMailer on fakes: its send records, clock, unit of work and uncertain-send counter. */
export function fakeOnceMailer(
  sender: MailSender,
  unitOfWork = new FakeUnitOfWork(),
  clock = new FakeClock(),
  uncertainAfterMs = 60_000,
) {
  const sends = new FakeMailSends(clock);
  const uncertain = { count: 0, inc: () => void uncertain.count++ };
  const mailer = new OnceMailer(
    asPort<MailSendRepository>(sends),
    unitOfWork,
    sender,
    clock,
    asPartialPort<MetricsService>({ mailSendsUncertain: uncertain as unknown as MetricsService['mailSendsUncertain'] }),
    { MAIL_SEND_UNCERTAIN_AFTER_MS: uncertainAfterMs } satisfies Pick<AppConfig, 'MAIL_SEND_UNCERTAIN_AFTER_MS'>,
  );
  return { mailer, sends, clock, uncertain, unitOfWork };
}
