import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, InjectConfig } from '../config/app-config';
import type { Language } from '../contacts/contact.types';
import { appendTimeline } from '../timeline/timeline';
import { acknowledgementMessageId } from './acknowledgement-message-id';
import { renderAcknowledgement } from './acknowledgement.template';
import { messageIdDomain } from './mail-address';
import { MailSender, OutgoingMail } from './mail-sender';

export type AcknowledgementOutcome = 'sent' | 'already_acknowledged' | 'not_applicable' | 'missing';

interface ContactRow {
  id: string;
  medium: string;
  source: string;
  external_id: string | null;
  language: Language;
  from_name: string | null;
  from_email: string | null;
  person_id: string | null;
  acknowledged_at: Date | null;
}

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/**
 * Sends the customer of a new web or e-mail contact one acknowledgement, in the contact's language.
 *
 * Never twice: the work runs in a transaction holding a lock on this contact's acknowledgement, and
 * `acknowledged_at` is checked under it and set in it, so a redelivered, re-added or concurrently
 * running job finds the mail sent and stops. The lock is a transaction-scoped advisory lock rather
 * than a lock on the contact row, so classifying and routing the same contact never wait for a slow
 * mail server. If the mail server accepted the message and the commit then failed, the retry sends
 * it again: at least once, and exactly once in every other case.
 */
@Injectable()
export class AcknowledgementService {
  private readonly logger = new Logger(AcknowledgementService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailSender,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  acknowledge(contactId: string): Promise<AcknowledgementOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 2))', [
        `contact.acknowledge\n${contactId}`,
      ]);
      const [contact] = await manager.query<ContactRow[]>(
        `SELECT id, medium, source, external_id, language, from_name, from_email, person_id, acknowledged_at
           FROM contact WHERE id = $1`,
        [contactId],
      );
      if (!contact) {
        this.logger.warn({ contactId }, 'contact to acknowledge does not exist');
        return 'missing';
      }
      if (contact.acknowledged_at) return 'already_acknowledged';
      if (!contact.from_email || (contact.medium !== 'web' && contact.medium !== 'email')) return 'not_applicable';

      const rendered = renderAcknowledgement({ language: contact.language, name: contact.from_name, contactId });
      const messageId = acknowledgementMessageId(contactId, messageIdDomain(this.config.MAIL_FROM));
      // An e-mail contact's own Message-ID threads the acknowledgement under the customer's mail.
      const original = contact.medium === 'email' && contact.external_id && MESSAGE_ID.test(contact.external_id);
      const mail: OutgoingMail = {
        from: this.config.MAIL_FROM,
        to: contact.from_email,
        subject: rendered.subject,
        text: rendered.text,
        messageId,
        ...(original ? { inReplyTo: contact.external_id!, references: [contact.external_id!] } : {}),
        headers: {
          // RFC 3834: automatic responders must not answer us, and our own intake ignores a loop.
          'Auto-Submitted': contact.medium === 'email' ? 'auto-replied' : 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
          'Content-Language': contact.language,
        },
      };
      const sent = await this.mail.send(mail);
      await manager.query(`UPDATE contact SET acknowledged_at = now() WHERE id = $1`, [contactId]);
      await appendTimeline(manager, {
        type: 'contact.acknowledged',
        actor: 'system',
        contactId,
        personId: contact.person_id,
        data: { messageId, language: contact.language, transport: sent.transport },
      });
      this.logger.log({ contactId, messageId, transport: sent.transport }, 'acknowledgement sent');
      return 'sent';
    });
  }
}
