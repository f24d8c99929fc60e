import { Injectable, Logger } from '@nestjs/common';
import type { ParsedMail } from 'mailparser';
import { createHash } from 'node:crypto';
import type { InboundAttachment } from '../../contacts/contact.types';
import { IntakeService } from '../../contacts/intake.service';
import { MetricsService } from '../../metrics/metrics.service';
import { BlobStorage, BlobTooLargeError } from '../../storage/blob-storage';
import type { AutomatedKind } from './automated-mail';
import { declaredCharset } from './charset-repair';
import { parseMime } from './mime-parser';
import { mapEmail } from './email.adapter';
import type { EmailAttachmentDraft, EmailMessage, EmailSource } from './email-message';
import { EmailThreadRepository } from './email-thread.repository';

export type EmailOutcome =
  | { status: 'stored'; contactId: string; created: boolean; followUp: boolean }
  | { status: 'ignored'; reason: AutomatedKind }
  | { status: 'refused'; reason: 'too_large' | 'invalid'; field: string; message: string };

/**
 * Every e-mail source (SMTP intake, SendGrid, Mailgun) ends here: machine-written mail is dropped
 * with a log line, a reply joins the contact it answers, anything else becomes a contact.
 * Attachments are written to blob storage first and linked by intake in the same transaction as
 * the contact; when anything fails, the blobs written so far are removed.
 */
@Injectable()
export class EmailIntakeService {
  private readonly logger = new Logger(EmailIntakeService.name);

  constructor(
    private readonly intake: IntakeService,
    private readonly threads: EmailThreadRepository,
    private readonly storage: BlobStorage,
    private readonly metrics: MetricsService,
  ) {}

  /** Parses a MIME message; null when it cannot be read at all. */
  async parseMime(raw: Buffer | string): Promise<ParsedMail | null> {
    try {
      return await parseMime(raw);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'e-mail could not be parsed');
      return null;
    }
  }

  /** A whole MIME message (SMTP DATA, a raw-mode webhook field). */
  async receiveRaw(
    raw: Buffer,
    source: EmailSource,
    toMessage: (parsed: ParsedMail, charsetHint: string | undefined) => EmailMessage,
  ): Promise<EmailOutcome> {
    const parsed = await this.parseMime(raw);
    if (!parsed) return { status: 'refused', reason: 'invalid', field: 'body', message: 'not a readable MIME message' };
    const message = toMessage(parsed, declaredCharset(raw));
    return this.receive(message, source, createHash('sha256').update(raw).digest('hex'));
  }

  async receive(message: EmailMessage, source: EmailSource, fingerprint?: string): Promise<EmailOutcome> {
    const mapping = mapEmail(message, { source, ...(fingerprint ? { fingerprint } : {}) });
    switch (mapping.kind) {
      case 'ignored':
        this.logger.log(
          { source, messageId: message.messageId, reason: mapping.verdict.kind, rule: mapping.verdict.rule },
          'automated e-mail accepted and dropped: it makes no contact',
        );
        return { status: 'ignored', reason: mapping.verdict.kind };
      case 'refused':
        this.logger.log({ source, messageId: message.messageId, field: mapping.field }, mapping.message);
        return { status: 'refused', reason: 'invalid', field: mapping.field, message: mapping.message };
      case 'message':
        break;
    }

    const threadContactId = await this.threads.findContact(mapping.threadIds, mapping.followUp.fromAddress);
    let attachments: InboundAttachment[];
    try {
      attachments = await this.store(mapping.attachments);
    } catch (error) {
      if (!(error instanceof BlobTooLargeError)) throw error;
      return { status: 'refused', reason: 'too_large', field: 'attachments', message: error.message };
    }

    if (threadContactId) {
      const result = await this.intake.acceptFollowUp(threadContactId, { ...mapping.followUp, attachments });
      this.logger.log(
        { source, contactId: result.contact.id, messageId: result.messageId, created: result.created },
        'e-mail reply joined its contact',
      );
      return { status: 'stored', contactId: result.contact.id, created: result.created, followUp: true };
    }
    const result = await this.intake.accept({ ...mapping.contact, attachments });
    if (result.created) this.metrics.contactsReceived.inc({ medium: 'email' });
    this.logger.log({ source, contactId: result.contact.id, created: result.created }, 'e-mail contact received');
    return { status: 'stored', contactId: result.contact.id, created: result.created, followUp: false };
  }

  /** Writes each attachment to blob storage; on any failure removes those already written. */
  private async store(drafts: EmailAttachmentDraft[]): Promise<InboundAttachment[]> {
    const stored: InboundAttachment[] = [];
    try {
      for (const draft of drafts) {
        const blob = await this.storage.put(draft.content);
        stored.push({
          kind: 'attachment',
          filename: draft.filename ?? `attachment-${stored.length + 1}`,
          contentType: draft.contentType,
          blob,
        });
      }
      return stored;
    } catch (error) {
      await Promise.all(stored.map((a) => this.storage.remove(a.blob.key).catch(() => undefined)));
      throw error;
    }
  }
}
