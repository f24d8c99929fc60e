import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { ContactMessageRepository } from '../../contacts/contact-message.repository';
import { ContactRecord, ContactRepository } from '../../contacts/contact.repository';
import { IntakeService } from '../../contacts/intake.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { MetricsService } from '../../metrics/metrics.service';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import type { ProviderFields } from '../provider-fields';
import { ConversationLock } from './conversation-lock';
import { InboundSms, readInboundSms, toInboundSms, toSmsFollowUp } from './sms.adapter';
import { smsTwiml } from './sms-twiml';

/**
 * Inbound SMS and MMS. A message starts a conversation (a contact) or joins the one of the same
 * number active within SMS_CONVERSATION_WINDOW_MINUTES: its newest sms contact, or the contact an
 * agent texted it from; a closed one is reopened by the answer (and offered first to its agent). The MessageSid makes every retry find what the first delivery
 * stored, and the answer is derived from that: the automatic reply goes with the first message of
 * a conversation only, and again with every retry of that message.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly messages: ContactMessageRepository,
    private readonly intake: IntakeService,
    private readonly jobs: JobQueue,
    private readonly lock: ConversationLock,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
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

  private async store(sms: InboundSms): Promise<ContactRecord> {
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
  private async findStored(messageSid: string): Promise<ContactRecord | null> {
    const own = await this.contacts.findByProviderId('twilio', messageSid);
    if (own) return own;
    const message = await this.messages.findByProviderId('twilio', messageSid);
    return message ? this.contacts.findById(message.contactId) : null;
  }

  private openConversation(phone: string): Promise<ContactRecord | null> {
    const minutes = this.config.SMS_CONVERSATION_WINDOW_MINUTES;
    if (minutes === 0) return Promise.resolve(null);
    return this.contacts.findSmsConversation(phone, this.clock.in(-minutes * 60_000));
  }

  /**
   * MMS media are fetched by a job after the answer. Enqueued on every delivery (job ids and the
   * media's own external ids make repeats harmless), so a retry heals a crash right after intake.
   */
  private async fetchMediaLater(contactId: string, sms: InboundSms): Promise<void> {
    await this.unitOfWork.run(async () => {
      for (const [index, media] of sms.media.entries()) {
        const externalId = `${sms.messageSid}.${index}`;
        await this.jobs.enqueue(JobName.FetchTwilioMedia, {
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
