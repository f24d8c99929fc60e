import { Injectable, Logger } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { ContactMessage } from '../../contacts/contact-message.entity';
import { Contact } from '../../contacts/contact.entity';
import { IntakeService } from '../../contacts/intake.service';
import { MetricsService } from '../../metrics/metrics.service';
import { writeOutbox } from '../../outbox/outbox';
import { JobName } from '../../queues/queue.constants';
import type { ProviderFields } from '../provider-fields';
import { ConversationLock } from './conversation-lock';
import { InboundSms, readInboundSms, toInboundSms, toSmsFollowUp } from './sms.adapter';
import { smsTwiml } from './sms-twiml';

/**
 * Inbound SMS and MMS. A message starts a conversation (a contact) or joins the open one of the
 * same number: the newest sms contact from it, not closed, active within
 * SMS_CONVERSATION_WINDOW_MINUTES. The MessageSid makes every retry find what the first delivery
 * stored, and the answer is derived from that: the automatic reply goes with the first message of
 * a conversation only, and again with every retry of that message.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
    private readonly lock: ConversationLock,
    private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async receive(params: ProviderFields): Promise<string> {
    const read = readInboundSms(params, { defaultRegion: this.config.DEFAULT_PHONE_REGION });
    if (!read.ok) throw new DomainError('validation_failed', read.errors.map((e) => e.message).join('; '), read.errors);
    const sms = read.value;
    const contact = (await this.findStored(sms.messageSid)) ?? (await this.lock.run(sms.from, () => this.store(sms)));
    if (sms.media.length > 0) await this.fetchMediaLater(contact.id, sms);
    const first = contact.source === 'twilio' && contact.externalId === sms.messageSid;
    return smsTwiml(first ? this.config.SMS_AUTO_REPLY : undefined);
  }

  private async store(sms: InboundSms): Promise<Contact> {
    const open = await this.openConversation(sms.from);
    if (open) {
      const { contact, created } = await this.intake.acceptFollowUp(open.id, toSmsFollowUp(sms));
      if (created) this.logger.log({ contactId: contact.id }, 'sms joined its conversation');
      return contact;
    }
    const { contact, created } = await this.intake.accept(toInboundSms(sms));
    if (created) {
      this.metrics.contactsReceived.inc({ medium: 'sms' });
      this.logger.log({ contactId: contact.id }, 'sms conversation started');
    }
    return contact;
  }

  /** The contact a message with this MessageSid already went to (as its first message or a follow-up). */
  private async findStored(messageSid: string): Promise<Contact | null> {
    const contacts = this.dataSource.getRepository(Contact);
    const own = await contacts.findOneBy({ source: 'twilio', externalId: messageSid });
    if (own) return own;
    const message = await this.dataSource
      .getRepository(ContactMessage)
      .findOneBy({ source: 'twilio', externalId: messageSid });
    return message ? contacts.findOneBy({ id: message.contactId }) : null;
  }

  private async openConversation(phone: string): Promise<Contact | null> {
    const minutes = this.config.SMS_CONVERSATION_WINDOW_MINUTES;
    if (minutes === 0) return null;
    return this.dataSource
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where({ medium: 'sms', fromPhone: phone, status: Not('closed') })
      .andWhere(`c.updated_at >= now() - make_interval(mins => :minutes)`, { minutes })
      .orderBy('c.updated_at', 'DESC')
      .limit(1)
      .getOne();
  }

  /**
   * MMS media are fetched by a job after the answer. Written on every delivery (job ids and the
   * media's own external ids make repeats harmless), so a retry heals a crash right after intake.
   */
  private async fetchMediaLater(contactId: string, sms: InboundSms): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const [index, media] of sms.media.entries()) {
        const externalId = `${sms.messageSid}.${index}`;
        await writeOutbox(manager, JobName.FetchTwilioMedia, `twilio.media.${externalId}`, {
          contactId,
          externalId,
          url: media.url,
          kind: 'attachment',
          medium: 'sms',
          label: `MMS media ${index + 1} of ${sms.media.length}`,
          ...(media.contentType ? { contentType: media.contentType.toLowerCase() } : {}),
        });
      }
    });
  }
}
