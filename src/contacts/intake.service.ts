import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AttachmentRepository } from '../attachments/attachment.repository';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { cleanText } from '../common/input-text';
import { UnitOfWork } from '../database/unit-of-work';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { BlobStorage } from '../storage/blob-storage';
import { TimelineRepository } from '../timeline/timeline.repository';
import { wantsAcknowledgement } from './acknowledgement-policy';
import { ContactMessageFeed } from './contact-message-feed';
import { ContactMessageRepository } from './contact-message.repository';
import { ContactRecord, ContactRepository } from './contact.repository';
import type { InboundAttachment, InboundContact, InboundFollowUp } from './contact.types';
import { DraftJob, NewContactDraft, NewContactWriter } from './new-contact-writer';

export interface IntakeResult {
  contact: ContactRecord;
  /** False when this was a retry of something already stored. */
  created: boolean;
  /** Set when the input joined an existing contact as a follow-up message. */
  messageId?: string;
}

interface Seen {
  contact: ContactRecord;
  messageId?: string;
}

/**
 * PostgreSQL text cannot hold NUL, nor jsonb a lone surrogate; providers' payloads sometimes do.
 * A customer's message is kept: NUL dropped, a lone surrogate becomes U+FFFD.
 */
const text = <T extends string | null | undefined>(value: T): T =>
  (typeof value === 'string' ? cleanText(value) : value) as T;

const cleanContact = (inbound: InboundContact): InboundContact => ({
  ...inbound,
  externalId: text(inbound.externalId),
  from: {
    name: text(inbound.from.name),
    email: text(inbound.from.email),
    phone: text(inbound.from.phone),
    company: text(inbound.from.company),
  },
  subject: text(inbound.subject),
  body: text(inbound.body),
});

/**
 * The single door every medium comes in by. A new contact, its first timeline event and the jobs
 * that process it are written atomically; so are a follow-up message and its event.
 *
 * A new contact without attachments (every call, SMS, web inquiry, most e-mails) is drafted here
 * and written by the NewContactWriter: one statement, group-committed with the contacts arriving
 * at the same moment; a retried or duplicated delivery of its provider id stores nothing (the
 * unique index, `ON CONFLICT DO NOTHING`) and answers what the first stored.
 *
 * Everything else runs in a unit of work: the provider's id (source + external id) is locked
 * with a transaction-scoped advisory lock, then looked up among contacts and follow-up messages,
 * so a retried or duplicated webhook, even one arriving at the same moment, finds what the first
 * one stored and creates nothing. Unique indexes on both tables stay as the last line of defence.
 *
 * Attachments arrive already written to blob storage; their rows commit with the contact, and
 * their blobs are removed when the input was a retry or the transaction failed.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly messages: ContactMessageRepository,
    private readonly attachments: AttachmentRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly storage: BlobStorage,
    private readonly clock: Clock,
    private readonly feed: ContactMessageFeed,
    private readonly writer: NewContactWriter,
  ) {}

  async accept(raw: InboundContact): Promise<IntakeResult> {
    const inbound = cleanContact(raw);
    if (!inbound.attachments?.length) {
      const outcome = await this.writer.write(this.draft(inbound));
      return outcome.created ? { contact: outcome.contact, created: true } : this.retried(outcome, inbound.requestHash);
    }
    return this.withBlobCleanup(inbound.attachments, () =>
      this.unitOfWork.run(async () => {
        const seen = await this.lockAndFind(inbound.source, inbound.externalId);
        if (seen) return this.retried(seen, inbound.requestHash);
        const id = await this.contacts.insert(inbound);
        const { event, jobs } = this.draft(inbound, id);
        await this.timeline.append({ ...event, contactId: id });
        await this.attachments.insertAll(id, null, inbound.attachments ?? []);
        for (const job of jobs) await this.jobs.enqueue(job.name, job.payload);
        const contact = await this.contacts.findById(id);
        if (!contact) throw new Error(`contact ${id} vanished inside its own transaction`);
        return { contact, created: true };
      }),
    );
  }

  /** A new contact's first event and the jobs that process it. */
  private draft(inbound: InboundContact, id: string = randomUUID()): NewContactDraft {
    const jobs: DraftJob[] = [{ name: JobName.ProcessContact, payload: { contactId: id } }];
    if (wantsAcknowledgement(inbound)) jobs.push({ name: JobName.AcknowledgeContact, payload: { contactId: id } });
    return {
      id,
      inbound,
      event: {
        type: 'contact.received',
        actor: inbound.source === 'web' ? 'customer' : `provider:${inbound.source}`,
        data: { medium: inbound.medium, source: inbound.source, inquiryType: inbound.inquiryType },
      },
      jobs,
    };
  }

  /** Adds a message to an existing contact's conversation (a reply, the next SMS). */
  acceptFollowUp(contactId: string, message: InboundFollowUp): Promise<IntakeResult> {
    return this.withBlobCleanup(message.attachments, () =>
      this.unitOfWork.run(async () => {
        const externalId = text(message.externalId ?? null);
        const seen = await this.lockAndFind(message.source, externalId ?? undefined);
        if (seen) return this.retried(seen);
        // Locked: a reopen below must not race the agent wrapping the contact up.
        const contact = await this.contacts.lockForUpdate(contactId);
        if (!contact) throw notFound('contact', contactId);
        const messageId = await this.messages.insertInbound({
          contactId,
          medium: message.medium,
          source: message.source,
          externalId,
          fromAddress: text(message.fromAddress ?? null),
          subject: text(message.subject ?? null),
          body: text(message.body),
          ...(message.metadata ? { metadata: message.metadata } : {}),
        });
        await this.attachments.insertAll(contactId, messageId, message.attachments ?? []);
        await this.contacts.touch(contactId, this.clock.now());
        await this.timeline.append({
          type: 'contact.message_received',
          actor: `provider:${message.source}`,
          contactId,
          personId: contact.personId,
          data: {
            messageId,
            medium: message.medium,
            source: message.source,
            attachments: message.attachments?.length ?? 0,
          },
        });
        if (contact.status === 'closed') await this.reopen(contact, messageId, message.source);
        this.unitOfWork.afterCommit(() => this.feed.published({ contactId, messageId }));
        return { contact, created: true, messageId };
      }),
    );
  }

  /**
   * The customer wrote again after the contact was closed: it goes back to its queue (its channel
   * is kept) and its next offer goes first to the agent who last worked it, when available. A
   * qualified contact is not reopened: its lead goes on with its owner.
   */
  private async reopen(contact: ContactRecord, messageId: string, source: string): Promise<void> {
    await this.contacts.transition(contact.id, 'reopen', { preferLastAgent: true });
    await this.timeline.append({
      type: 'contact.reopened',
      actor: `provider:${source}`,
      contactId: contact.id,
      personId: contact.personId,
      data: { messageId, from: 'closed', preferLastAgent: true },
    });
    await this.jobs.enqueue(JobName.DispatchContact, { contactId: contact.id, cause: `reopen.${messageId}` });
  }

  private async withBlobCleanup(
    attachments: InboundAttachment[] | undefined,
    work: () => Promise<IntakeResult>,
  ): Promise<IntakeResult> {
    const keys = (attachments ?? []).map((a) => a.blob.key);
    const removeBlobs = () => Promise.all(keys.map((key) => this.storage.remove(key).catch(() => undefined)));
    try {
      const result = await work();
      if (!result.created) await removeBlobs();
      return result;
    } catch (error) {
      await removeBlobs();
      throw error;
    }
  }

  /** Serializes work on one provider id, then finds what an earlier delivery of it stored. */
  private async lockAndFind(source: string, externalId: string | undefined): Promise<Seen | null> {
    if (!externalId) return null;
    await this.contacts.lockProviderId(source, externalId);
    const contact = await this.contacts.findByProviderId(source, externalId);
    if (contact) return { contact };
    const message = await this.messages.findByProviderId(source, externalId);
    if (!message) return null;
    const owner = await this.contacts.findById(message.contactId);
    if (!owner) throw new Error(`message ${message.id} has no contact`);
    return { contact: owner, messageId: message.id };
  }

  private retried(seen: Seen, requestHash?: string): IntakeResult {
    const firstHash = seen.contact.requestHash;
    if (requestHash && firstHash && requestHash !== firstHash) {
      throw new DomainError('idempotency_key_reused', 'this idempotency key was already used for a different request', [
        { field: 'Idempotency-Key', message: 'was already used for a different request' },
      ]);
    }
    return { contact: seen.contact, created: false, ...(seen.messageId ? { messageId: seen.messageId } : {}) };
  }
}
