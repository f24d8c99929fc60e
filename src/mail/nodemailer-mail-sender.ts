import { OnApplicationShutdown } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { MailSender, OutgoingMail, SentMail } from './mail-sender';

/** Seconds to wait for the mail server before a send fails (and its job is retried). */
const SMTP_TIMEOUT_MS = 30_000;

/** Mail through the SMTP server named by SMTP_URL (`smtp://user:pass@host:587`, `smtps://...`). */
export class NodemailerMailSender extends MailSender implements OnApplicationShutdown {
  private readonly transport;

  constructor(smtpUrl: string) {
    super();
    const url = new URL(smtpUrl);
    this.transport = createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    await this.transport.sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      headers: mail.headers ?? {},
      ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
    });
    return { transport: 'smtp', messageId: mail.messageId };
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
