import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AttachmentRecord, AttachmentRepository } from '../attachments/attachment.repository';
import type { Principal } from '../auth/auth.types';
import { scopeOf } from '../auth/domain/access-policy';
import { DomainError, notFound } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { ContactMessageRepository } from '../contacts/contact-message.repository';
import { ContactDetail, ContactRepository } from '../contacts/contact.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { PersonRepository } from '../identity/person.repository';
import { messageIdDomain } from '../mail/mail-address';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { UsersService } from '../users/users.service';
import type { ReplyAcceptedDto, ReplyDto, ReplyMediumName } from './conversation.dto';
import { ConversationService } from './conversation.service';
import { PlaceholderValues, renderTemplate, singleLine } from './domain/reply-template';
import { splitForTwilio } from './domain/sms-segments';
import { ReplyTemplateRepository } from './reply-template.repository';

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;
/** References kept on a reply: the thread's first and latest messages are what mail clients need. */
const MAX_REFERENCES = 10;

const invalid = (field: string, message: string) => new DomainError('validation_failed', message, [{ field, message }]);

/** The settings a medium needs; the reply answers 503 naming the missing ones. */
type ProviderSettings = Pick<
  AppConfig,
  'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_CALLER_ID' | 'PHAXIO_API_KEY' | 'PHAXIO_API_SECRET' | 'MAIL_FROM'
>;

/**
 * An agent answers a customer. The reply is validated whole (owner, do-not-contact, template,
 * address, attachments, provider settings), then its message row (`queued`, authored by the
 * caller), its timeline event and its send job are written in one unit: the job sends, never the
 * request. An `Idempotency-Key` (per author) makes a retried request answer the first one's
 * message and queue nothing.
 */
@Injectable()
export class ReplyService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly messages: ContactMessageRepository,
    private readonly attachments: AttachmentRepository,
    private readonly people: PersonRepository,
    private readonly templates: ReplyTemplateRepository,
    private readonly users: UsersService,
    private readonly conversation: ConversationService,
    private readonly jobs: JobQueue,
    @InjectConfig() private readonly config: ProviderSettings,
  ) {}

  async reply(contactId: string, dto: ReplyDto, caller: Principal, idempotencyKey?: string): Promise<ReplyAcceptedDto> {
    const requestHash = createHash('sha256')
      .update(JSON.stringify([contactId, dto.medium, dto.body, dto.subject, dto.attachmentIds, dto.templateId]))
      .digest('hex');
    return this.unitOfWork.run(async () => {
      const contact = await this.contacts.findDetail(contactId, scopeOf(caller));
      if (!contact) throw notFound('contact', contactId);
      const overseer = caller.roles.includes('supervisor') || caller.roles.includes('admin');
      if (!overseer && contact.assignedAgentId !== caller.id) {
        throw new DomainError('forbidden', 'only the agent working this contact, a supervisor or an admin may reply');
      }
      if (idempotencyKey !== undefined) {
        await this.messages.lockIdempotencyKey(caller.id, idempotencyKey);
        const first = await this.messages.findByIdempotencyKey(caller.id, idempotencyKey);
        if (first) {
          if (first.requestHash !== requestHash || first.contactId !== contactId) {
            throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was already used for another reply', [
              { field: 'Idempotency-Key', message: 'was already used for a different request' },
            ]);
          }
          return { messageId: first.id, status: 'queued' };
        }
      }
      if (contact.personId && (await this.people.isDoNotContact(contact.personId))) {
        throw new DomainError('conflict', 'this person asked not to be contacted (do_not_contact): nothing was sent', [
          { field: 'person.doNotContact', message: 'the person is marked do_not_contact' },
        ]);
      }
      const agent = await this.users.get(caller.id);
      const { subject, body } = await this.content(dto, contact, agent.name);
      const to = this.addressOf(dto.medium, contact);
      const files = await this.files(dto, contact.id);
      const from = this.senderOf(dto.medium, contact);

      const id = randomUUID();
      const messageId = dto.medium === 'email' ? `<reply.${id}@${messageIdDomain(this.config.MAIL_FROM)}>` : null;
      const thread = dto.medium === 'email' ? await this.threadOf(contact) : null;
      await this.conversation.recordOutbound({
        id,
        contactId: contact.id,
        medium: dto.medium,
        source: 'reply',
        externalId: messageId,
        from,
        to,
        subject: dto.medium === 'email' ? subject : null,
        body,
        status: 'queued',
        authorId: caller.id,
        personId: contact.personId,
        idempotencyKey: idempotencyKey ?? null,
        requestHash,
        metadata: {
          attachmentIds: files.map((f) => f.id),
          agentName: agent.name,
          ...(thread ? { inReplyTo: thread.inReplyTo, references: thread.references } : {}),
          ...(dto.medium === 'sms' ? { smsParts: splitForTwilio(body).length } : {}),
          ...(dto.templateId ? { templateId: dto.templateId } : {}),
        },
      });
      await this.jobs.enqueue(JobName.SendReply, { messageId: id });
      return { messageId: id, status: 'queued' };
    });
  }

  /** Subject and body: the request's, else the template's, rendered for this contact and agent. */
  private async content(
    dto: ReplyDto,
    contact: ContactDetail,
    agentName: string,
  ): Promise<{ subject: string | null; body: string }> {
    const values: PlaceholderValues = {
      'contact.name': contact.fromName ?? contact.person?.name ?? null,
      'contact.email': contact.fromEmail ?? contact.person?.email ?? null,
      'contact.phone': contact.fromPhone ?? contact.person?.phone ?? null,
      'contact.company': contact.fromCompany,
      'contact.subject': contact.subject,
      'customer.name': contact.customer?.name ?? contact.fromCompany,
      'agent.name': agentName,
    };
    let template = null;
    if (dto.templateId) {
      template = await this.templates.findById(dto.templateId);
      if (!template) throw invalid('templateId', `templateId ${dto.templateId} is not a reply template`);
      if (template.medium !== dto.medium) {
        throw invalid('templateId', `templateId is a template for ${template.medium}, not ${dto.medium}`);
      }
    }
    const body = dto.body ?? (template ? renderTemplate(template.body, values) : undefined);
    if (body === undefined || body.trim() === '') throw invalid('body', 'body is required (or a templateId)');
    if (dto.medium !== 'email') return { subject: null, body };
    const fallback = contact.subject ? `Re: ${contact.subject.replace(/^(re:\s*)+/i, '')}` : 'Re: your inquiry';
    const subject =
      dto.subject ??
      (template?.subject ? renderTemplate(template.subject, values, { singleLine: true }) : undefined) ??
      fallback;
    // Values and the contact's own subject are customers' text: one line, whatever they hold.
    return { subject: singleLine(subject).slice(0, 300), body };
  }

  private addressOf(medium: ReplyMediumName, contact: ContactDetail): string {
    if (medium === 'email') {
      const email = contact.fromEmail ?? contact.person?.email;
      if (!email) throw invalid('medium', 'medium email: the customer has no e-mail address');
      return email;
    }
    const phone = contact.fromPhone ?? contact.person?.phone;
    if (!phone || !E164.test(phone)) throw invalid('medium', `medium ${medium}: the customer has no phone number`);
    return phone;
  }

  /** The number or address the reply comes from; 503 naming what is not configured. */
  private senderOf(medium: ReplyMediumName, contact: ContactDetail): string | null {
    const missing = (names: string[]) =>
      new DomainError(
        'unavailable',
        `sending by ${medium} is not configured: ${names.join(', ')} not set`,
        names.map((field) => ({ field, message: `${field} is not set` })),
      );
    if (medium === 'email') return this.config.MAIL_FROM;
    if (medium === 'fax') {
      const names = [
        ...(this.config.PHAXIO_API_KEY ? [] : ['PHAXIO_API_KEY']),
        ...(this.config.PHAXIO_API_SECRET ? [] : ['PHAXIO_API_SECRET']),
      ];
      if (names.length) throw missing(names);
      return null;
    }
    const names = [
      ...(this.config.TWILIO_ACCOUNT_SID ? [] : ['TWILIO_ACCOUNT_SID']),
      ...(this.config.TWILIO_AUTH_TOKEN ? [] : ['TWILIO_AUTH_TOKEN']),
    ];
    // The number the customer wrote to (an SMS or a call to one of ours), else the caller id.
    const written = contact.metadata.to;
    const ours =
      (contact.medium === 'sms' || contact.medium === 'voice') && typeof written === 'string' && E164.test(written)
        ? written
        : this.config.TWILIO_CALLER_ID;
    if (!ours) names.push('TWILIO_CALLER_ID');
    if (names.length) throw missing(names);
    return ours ?? null;
  }

  /** The attachments named, all of this contact; a fax needs a PDF, an SMS carries none. */
  private async files(dto: ReplyDto, contactId: string): Promise<AttachmentRecord[]> {
    const ids = dto.attachmentIds ?? [];
    if (dto.medium === 'sms' && ids.length > 0)
      throw invalid('attachmentIds', 'attachmentIds: an SMS carries no files');
    const own = new Map((await this.attachments.forContact(contactId)).map((a) => [a.id, a]));
    const files = ids.map((id, i) => {
      const file = own.get(id);
      if (!file) throw invalid(`attachmentIds[${i}]`, `attachmentIds[${i}] is not an attachment of this contact`);
      return file;
    });
    if (dto.medium === 'fax' && !files.some((f) => f.contentType === 'application/pdf')) {
      throw invalid('attachmentIds', 'attachmentIds must name a PDF attachment of this contact to fax');
    }
    return files;
  }

  /** In-Reply-To names the customer's last e-mail; References the thread's Message-IDs, oldest first. */
  private async threadOf(contact: ContactDetail): Promise<{ inReplyTo: string; references: string[] } | null> {
    const ids: string[] = [];
    if (contact.medium === 'email' && contact.externalId && MESSAGE_ID.test(contact.externalId)) {
      ids.push(contact.externalId);
    }
    for (const m of await this.messages.conversation(contact.id)) {
      if (m.direction === 'inbound' && m.medium === 'email' && m.externalId && MESSAGE_ID.test(m.externalId)) {
        ids.push(m.externalId);
      }
    }
    const last = ids[ids.length - 1];
    if (!last) return null;
    const references = ids.length > MAX_REFERENCES ? [ids[0], ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
    return { inReplyTo: last, references };
  }
}
