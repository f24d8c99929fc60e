import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { EmailIntakeService, EmailOutcome } from './email-intake.service';
import { fromParsedMail } from './email-message';

/** Milliseconds open SMTP sessions get to finish when the service stops. */
const CLOSE_TIMEOUT_MS = 5000;

const smtpError = (code: number, message: string): Error & { responseCode: number } =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP intake (CONTRACT.md): any mail server or client delivers raw MIME to
 * SMTP_INTAKE_PORT. It runs in the api role; port 0 turns it off.
 *
 * - RCPT TO is accepted only for SMTP_INTAKE_DOMAINS (any domain when empty): others get 550.
 * - The size limit (SMTP_INTAKE_MAX_BYTES) is announced in EHLO SIZE; a larger message gets 552.
 * - 250 is answered only once the contact is stored (or the mail is recognized as auto-generated
 *   and deliberately dropped); a storage or database failure answers 451, so the sender retries.
 * - No AUTH: it is a receiving MX-style endpoint, not a relay, and it never sends mail on.
 * - STARTTLS when SMTP_INTAKE_TLS_CERT_FILE and SMTP_INTAKE_TLS_KEY_FILE name a PEM certificate
 *   and key (read once at start); without them, keep the port behind a firewall or a relay.
 */
@Injectable()
export class SmtpIntakeServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SmtpIntakeServer.name);
  private server: SMTPServer | null = null;
  private bound: { host: string; port: number } | null = null;

  constructor(
    private readonly email: EmailIntakeService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private async tlsOptions(): Promise<{ key: Buffer; cert: Buffer } | null> {
    const { SMTP_INTAKE_TLS_CERT_FILE: certFile, SMTP_INTAKE_TLS_KEY_FILE: keyFile } = this.config;
    if (!certFile || !keyFile) return null;
    const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
    return { key, cert };
  }

  /** Where the intake listens, or null when it is off (worker role, or port 0). */
  address(): { host: string; port: number } | null {
    return this.bound;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.PROCESS_ROLE === 'worker' || this.config.SMTP_INTAKE_PORT === 0) return;
    const tls = await this.tlsOptions();
    const server = new SMTPServer({
      ...tls,
      banner: 'contact-center e-mail intake',
      size: this.config.SMTP_INTAKE_MAX_BYTES,
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      closeTimeout: CLOSE_TIMEOUT_MS,
      onRcptTo: (address, _session, callback) => callback(this.checkRecipient(address)),
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    server.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'SMTP intake connection error'));
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      server.server.once('error', failed);
      server.listen(this.config.SMTP_INTAKE_PORT, this.config.SMTP_INTAKE_HOST, () => {
        server.server.off('error', failed);
        resolve();
      });
    });
    this.server = server;
    const address = server.server.address();
    this.bound = address && typeof address === 'object' ? { host: address.address, port: address.port } : null;
    this.logger.log(
      { ...this.bound, domains: this.config.SMTP_INTAKE_DOMAINS, starttls: tls !== null },
      'SMTP intake listening',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.bound = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private checkRecipient(address: SMTPServerAddress): Error | null {
    const domains = this.config.SMTP_INTAKE_DOMAINS;
    const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
    if (domains.length === 0 || domains.includes(domain)) return null;
    return smtpError(550, `5.7.1 <${address.address}>: relay access denied, mail for ${domain} is not accepted here`);
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('error', (error: Error) => callback(smtpError(451, `4.3.0 ${error.message}`)));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        callback(smtpError(552, `5.3.4 message exceeds the ${this.config.SMTP_INTAKE_MAX_BYTES}-byte limit`));
        return;
      }
      const envelope = session.envelope;
      const mailFrom = envelope.mailFrom === false ? undefined : envelope.mailFrom.address;
      const rcptTo = envelope.rcptTo.map((r) => r.address);
      this.email
        .receiveRaw(Buffer.concat(chunks), 'smtp', (parsed, charsetHint) =>
          fromParsedMail(parsed, {
            ...(mailFrom !== undefined ? { envelopeFrom: mailFrom } : {}),
            envelopeTo: rcptTo,
            ...(charsetHint ? { charsetHint } : {}),
          }),
        )
        .then(
          (outcome) => this.answer(outcome, callback),
          (error: unknown) => {
            this.logger.error(
              { err: error instanceof Error ? error.message : String(error), remote: session.remoteAddress },
              'SMTP intake could not store a message; answered 451 so the sender retries',
            );
            callback(smtpError(451, '4.3.0 temporary failure storing the message, try again later'));
          },
        );
    });
  }

  private answer(outcome: EmailOutcome, callback: (error?: Error | null, message?: string) => void): void {
    switch (outcome.status) {
      case 'stored':
        callback(null, `2.0.0 stored as contact ${outcome.contactId}`);
        return;
      case 'ignored':
        callback(null, `2.0.0 accepted, not stored: ${outcome.reason}`);
        return;
      case 'refused':
        callback(
          outcome.reason === 'too_large'
            ? smtpError(552, `5.3.4 ${outcome.message}`)
            : smtpError(550, `5.6.0 ${outcome.message}`),
        );
        return;
    }
  }
}
