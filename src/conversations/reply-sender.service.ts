import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { AttachmentRepository } from '../attachments/attachment.repository';
import { publicUrl } from '../channels/twilio/webhook-url';
import { AppConfig, InjectConfig } from '../config/app-config';
import { ConversationMessageRecord, ContactMessageRepository } from '../contacts/contact-message.repository';
import { ContactRepository } from '../contacts/contact.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { PersonRepository } from '../identity/person.repository';
import { parseMailbox } from '../mail/mail-address';
import { OutgoingMail } from '../mail/mail-sender';
import { OnceMailer } from '../mail/once-mailer';
import { BlobStorage } from '../storage/blob-storage';
import { attachmentIdsOf } from './conversation-view';
import { ConversationService } from './conversation.service';
import { singleLine } from './domain/reply-template';
import { splitForTwilio } from './domain/sms-segments';
import { FaxGateway } from './fax-gateway';
import { MessageDeliveryRepository } from './message-delivery.repository';
import { PermanentSendError } from './send-errors';
import { SmsGateway } from './sms-gateway';

export type SendOutcome = 'sent' | 'done' | 'missing' | 'blocked' | 'uncertain';

export const SMS_STATUS_PATH = '/webhooks/twilio/sms/status';
export const FAX_STATUS_PATH = '/webhooks/fax/phaxio/status';

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * The send job of a queued reply. It reloads the message and stops when it is no longer queued
 * (a redelivered job), re-checks do-not-contact (set after the reply was queued: nothing goes
 * out), then hands the message to its medium's provider:
 * - e-mail through OnceMailer (at most once per message, the Message-ID fixed at queue time);
 * - SMS through Twilio, one API message per 10 segments; a part already accepted (its delivery
 *   row) is not sent again on a retry;
 * - fax through Phaxio, the PDF read from blob storage.
 * A provider's permanent refusal throws PermanentSendError (the processor stops retrying, then
 * `giveUp` marks the message failed with the provider's reason).
 */
@Injectable()
export class ReplySender {
  private readonly logger = new Logger(ReplySender.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: ContactMessageRepository,
    private readonly contacts: ContactRepository,
    private readonly people: PersonRepository,
    private readonly attachments: AttachmentRepository,
    private readonly deliveries: MessageDeliveryRepository,
    private readonly conversation: ConversationService,
    private readonly mailer: OnceMailer,
    private readonly sms: SmsGateway,
    private readonly fax: FaxGateway,
    private readonly storage: BlobStorage,
    @InjectConfig() private readonly config: Pick<AppConfig, 'PUBLIC_BASE_URL' | 'MAIL_FROM'>,
  ) {}

  async send(messageId: string): Promise<SendOutcome> {
    const loaded = await this.unitOfWork.run(async () => {
      const message = await this.messages.findConversationMessage(messageId);
      if (!message || message.direction !== 'outbound') return null;
      const contact = await this.contacts.findById(message.contactId);
      const blocked = contact?.personId ? await this.people.isDoNotContact(contact.personId) : false;
      return { message, blocked };
    });
    if (!loaded) return 'missing';
    const { message, blocked } = loaded;
    if (message.status !== 'queued') return 'done';
    if (blocked) {
      await this.conversation.moveStatus(messageId, 'failed', 'do_not_contact: the person asked not to be contacted');
      this.logger.log({ messageId }, 'reply not sent: the person is marked do_not_contact');
      return 'blocked';
    }
    switch (message.medium) {
      case 'email':
        return this.sendEmail(message);
      case 'sms':
        return this.sendSms(message);
      case 'fax':
        return this.sendFax(message);
      case 'voice':
      case 'web':
        throw new PermanentSendError(`replies by ${message.medium} are not sent by this job`);
    }
  }

  /** After the last attempt (or a permanent refusal): the message failed, with the reason. */
  async giveUp(messageId: string, reason: string): Promise<void> {
    await this.conversation.moveStatus(messageId, 'failed', reason.slice(0, 1000));
  }

  private async sendEmail(message: ConversationMessageRecord): Promise<SendOutcome> {
    const { address } = parseMailbox(this.config.MAIL_FROM);
    const agentName = typeof message.metadata.agentName === 'string' ? message.metadata.agentName : '';
    const inReplyTo = typeof message.metadata.inReplyTo === 'string' ? message.metadata.inReplyTo : undefined;
    const mail: OutgoingMail = {
      // The agent's name as the display name: passed as a part, the transport encodes it.
      from: agentName ? { name: singleLine(agentName), address } : this.config.MAIL_FROM,
      to: message.toAddress ?? '',
      subject: singleLine(message.subject ?? ''),
      text: message.body,
      messageId: message.externalId ?? '',
      ...(inReplyTo ? { inReplyTo, references: strings(message.metadata.references) } : {}),
      attachments: await this.files(message),
    };
    let result;
    try {
      result = await this.mailer.send(`reply.${message.id}`, mail, async (sent) => {
        await this.deliveries.insert({
          messageId: message.id,
          provider: sent.transport === 'smtp' ? 'smtp' : 'log',
          providerId: sent.messageId,
          part: 0,
          status: 'sent',
        });
        await this.conversation.moveStatus(message.id, 'sent', null);
      });
    } catch (error) {
      const e = error as { responseCode?: number; response?: string; message: string };
      // 5xx: the mail server refused the recipient or the message for good.
      if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
        throw new PermanentSendError(`SMTP ${e.responseCode}: ${e.response ?? e.message}`);
      }
      throw error;
    }
    if (result.outcome === 'uncertain') {
      await this.conversation.moveStatus(
        message.id,
        'failed',
        'uncertain: the sending worker died mid-send; not resent',
      );
      return 'uncertain';
    }
    if (result.outcome === 'already_sent') await this.conversation.moveStatus(message.id, 'sent', null);
    return 'sent';
  }

  private async sendSms(message: ConversationMessageRecord): Promise<SendOutcome> {
    if (!message.fromAddress || !message.toAddress) throw new PermanentSendError('the SMS has no sender or recipient');
    const parts = splitForTwilio(message.body);
    const done = new Set((await this.deliveries.forMessage(message.id)).map((d) => d.part));
    const statusCallback = publicUrl(this.config.PUBLIC_BASE_URL, SMS_STATUS_PATH);
    for (const [part, body] of parts.entries()) {
      if (done.has(part)) continue;
      const accepted = await this.sms.send({ from: message.fromAddress, to: message.toAddress, body, statusCallback });
      await this.deliveries.insert({
        messageId: message.id,
        provider: 'twilio',
        providerId: accepted.sid,
        part,
        status: 'sent',
      });
      this.logger.log({ messageId: message.id, sid: accepted.sid, part, parts: parts.length }, 'SMS handed to Twilio');
    }
    await this.conversation.moveStatus(message.id, 'sent', null);
    return 'sent';
  }

  private async sendFax(message: ConversationMessageRecord): Promise<SendOutcome> {
    if (!message.toAddress) throw new PermanentSendError('the fax has no recipient');
    const files = await this.attachments.forContact(message.contactId);
    const ids = new Set(attachmentIdsOf(message));
    const pdf = files.find((f) => ids.has(f.id) && f.contentType === 'application/pdf');
    if (!pdf) throw new PermanentSendError('the PDF to fax is gone');
    const accepted = await this.fax.send({
      to: message.toAddress,
      document: {
        bytes: await readAll(await this.storage.open(pdf.storageKey)),
        filename: pdf.filename,
        contentType: pdf.contentType,
      },
      callbackUrl: publicUrl(this.config.PUBLIC_BASE_URL, FAX_STATUS_PATH),
    });
    await this.unitOfWork.run(async () => {
      await this.deliveries.insert({
        messageId: message.id,
        provider: 'phaxio',
        providerId: accepted.faxId,
        part: 0,
        status: 'sent',
      });
      await this.conversation.moveStatus(message.id, 'sent', null);
    });
    this.logger.log({ messageId: message.id, faxId: accepted.faxId }, 'fax handed to Phaxio');
    return 'sent';
  }

  private async files(message: ConversationMessageRecord): Promise<NonNullable<OutgoingMail['attachments']>> {
    const ids = new Set(attachmentIdsOf(message));
    if (ids.size === 0) return [];
    const files = (await this.attachments.forContact(message.contactId)).filter((f) => ids.has(f.id));
    return Promise.all(
      files.map(async (f) => ({
        filename: singleLine(f.filename),
        contentType: f.contentType,
        content: await readAll(await this.storage.open(f.storageKey)),
      })),
    );
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}
