/** A mail to one customer, already rendered. Plain data: the port knows no transport. */
export interface OutgoingMail {
  /**
   * `Name <address>` or a bare address; or its parts, when the name comes from a person (an
   * agent's name): the transport then quotes and encodes it, so it can never add a header.
   */
  from: string | { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  /** Our own Message-ID, angle brackets included, so a reply can be matched to what we sent. */
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** Extra header fields, e.g. `Auto-Submitted` and `Content-Language`. */
  headers?: Record<string, string>;
  /** Files sent along (an agent's reply with a quote attached). */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

export interface SentMail {
  /** `smtp` when handed to a mail server, `log` when only written to the log (no SMTP_URL). */
  transport: 'smtp' | 'log';
  messageId: string;
}

/** Sends mail to customers. Implemented with nodemailer, or by a logger when no SMTP_URL is set. */
export abstract class MailSender {
  /** Resolves once the mail server accepted the message; rejects when it did not (the job retries). */
  abstract send(mail: OutgoingMail): Promise<SentMail>;
}
