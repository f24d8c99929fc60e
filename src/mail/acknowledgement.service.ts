import { Injectable, Logger } from '@nestjs/common';
import { BusinessCalendarSource } from '../business-hours/business-calendar-source';
import { formatInBusinessTime, isOpen, nextOpening } from '../business-hours/domain/business-time';
import { Clock } from '../common/clock';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { TimelineRepository } from '../timeline/timeline.repository';
import { acknowledgementMessageId } from './acknowledgement-message-id';
import { ContactAcknowledgementRepository, ContactToAcknowledge } from '../contacts/contact-acknowledgement.repository';
import { renderAcknowledgement } from './acknowledgement.template';
import { messageIdDomain } from './mail-address';
import { OutgoingMail } from './mail-sender';
import { OnceMailer } from './once-mailer';

export type AcknowledgementOutcome = 'sent' | 'already_acknowledged' | 'not_applicable' | 'missing' | 'uncertain';

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/**
 * Sends the customer of a new web or e-mail contact one acknowledgement, in the contact's language.
 *
 * Never twice: OnceMailer commits a send record (`mail_send`, key `ack.<contactId>`) before the
 * SMTP call and marks it sent together with the contact's `acknowledged_at` and the timeline's
 * `contact.acknowledged`, in one unit. A redelivered, re-added or concurrently running job finds
 * the record and stops; a job whose worker was killed mid-SMTP is never resent (at most once: the
 * record becomes `uncertain`, logged and counted). The Message-ID is fixed per contact, so a
 * retry after a refusal reuses it.
 */
@Injectable()
export class AcknowledgementService {
  private readonly logger = new Logger(AcknowledgementService.name);

  constructor(
    private readonly contacts: ContactAcknowledgementRepository,
    private readonly timeline: TimelineRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly mail: OnceMailer,
    @InjectConfig() private readonly config: AppConfig,
    private readonly businessHours: BusinessCalendarSource,
    private readonly clock: Clock,
  ) {}

  async acknowledge(contactId: string): Promise<AcknowledgementOutcome> {
    const contact = await this.contacts.find(contactId);
    if (!contact) {
      this.logger.warn({ contactId }, 'contact to acknowledge does not exist');
      return 'missing';
    }
    if (contact.acknowledgedAt) return 'already_acknowledged';
    if (!contact.fromEmail || (contact.medium !== 'web' && contact.medium !== 'email')) return 'not_applicable';

    // The job runs right after intake, so its time is the arrival's; after hours the mail says when we answer.
    const calendar = await this.businessHours.calendar();
    const now = this.clock.now();
    const answerFrom = isOpen(calendar, now) ? null : nextOpening(calendar, now);
    const mail = this.acknowledgementOf(
      contact,
      contact.fromEmail,
      answerFrom && formatInBusinessTime(calendar, answerFrom, contact.language),
    );
    const result = await this.mail.send(`ack.${contactId}`, mail, async (sent) => {
      await this.contacts.markAcknowledged(contactId);
      await this.timeline.append({
        type: 'contact.acknowledged',
        actor: 'system',
        contactId,
        personId: contact.personId,
        data: {
          messageId: sent.messageId,
          language: contact.language,
          transport: sent.transport,
          ...(answerFrom ? { answerFrom: answerFrom.toISOString() } : {}),
        },
      });
      this.unitOfWork.afterCommit(() =>
        this.logger.log({ contactId, messageId: sent.messageId, transport: sent.transport }, 'acknowledgement sent'),
      );
    });
    if (result.outcome === 'already_sent') return 'already_acknowledged';
    return result.outcome;
  }

  private acknowledgementOf(contact: ContactToAcknowledge, to: string, answerFrom: string | null): OutgoingMail {
    const rendered = renderAcknowledgement({
      language: contact.language,
      name: contact.fromName,
      contactId: contact.id,
      answerFrom,
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
