import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { TimelineRepository } from '../timeline/timeline.repository';
import { acknowledgementMessageId } from './acknowledgement-message-id';
import { ContactAcknowledgementRepository, ContactToAcknowledge } from '../contacts/contact-acknowledgement.repository';
import { renderAcknowledgement } from './acknowledgement.template';
import { messageIdDomain } from './mail-address';
import { MailSender, OutgoingMail } from './mail-sender';

export type AcknowledgementOutcome = 'sent' | 'already_acknowledged' | 'not_applicable' | 'missing';

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/**
 * Sends the customer of a new web or e-mail contact one acknowledgement, in the contact's language.
 *
 * Never twice: the work runs in a unit of work holding a lock on this contact's acknowledgement,
 * and `acknowledged_at` is checked under it and set in it, so a redelivered, re-added or
 * concurrently running job finds the mail sent and stops. The mail is sent under that lock, before
 * the commit, on purpose: sending after the commit would lose the mail if the process died in
 * between. If the mail server accepted the message and the commit then failed, the retry sends it
 * again: at least once, and exactly once in every other case.
 */
@Injectable()
export class AcknowledgementService {
  private readonly logger = new Logger(AcknowledgementService.name);

  constructor(
    private readonly contacts: ContactAcknowledgementRepository,
    private readonly timeline: TimelineRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: MailSender,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  acknowledge(contactId: string): Promise<AcknowledgementOutcome> {
    return this.unitOfWork.run(async () => {
      await this.contacts.lock(contactId);
      const contact = await this.contacts.find(contactId);
      if (!contact) {
        this.logger.warn({ contactId }, 'contact to acknowledge does not exist');
        return 'missing';
      }
      if (contact.acknowledgedAt) return 'already_acknowledged';
      if (!contact.fromEmail || (contact.medium !== 'web' && contact.medium !== 'email')) return 'not_applicable';

      const mail = this.acknowledgementOf(contact, contact.fromEmail);
      const sent = await this.mail.send(mail);
      await this.contacts.markAcknowledged(contactId);
      await this.timeline.append({
        type: 'contact.acknowledged',
        actor: 'system',
        contactId,
        personId: contact.personId,
        data: { messageId: mail.messageId, language: contact.language, transport: sent.transport },
      });
      this.unitOfWork.afterCommit(() =>
        this.logger.log({ contactId, messageId: mail.messageId, transport: sent.transport }, 'acknowledgement sent'),
      );
      return 'sent';
    });
  }

  private acknowledgementOf(contact: ContactToAcknowledge, to: string): OutgoingMail {
    const rendered = renderAcknowledgement({
      language: contact.language,
      name: contact.fromName,
      contactId: contact.id,
    });
    const messageId = acknowledgementMessageId(contact.id, messageIdDomain(this.config.MAIL_FROM));
    // An e-mail contact's own Message-ID threads the acknowledgement under the customer's mail.
    const original = contact.medium === 'email' && contact.externalId && MESSAGE_ID.test(contact.externalId);
    return {
      from: this.config.MAIL_FROM,
      to,
      subject: rendered.subject,
      text: rendered.text,
      messageId,
      ...(original ? { inReplyTo: contact.externalId!, references: [contact.externalId!] } : {}),
      headers: {
        // RFC 3834: automatic responders must not answer us, and our own intake ignores a loop.
        'Auto-Submitted': contact.medium === 'email' ? 'auto-replied' : 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'Content-Language': contact.language,
      },
    };
  }
}
