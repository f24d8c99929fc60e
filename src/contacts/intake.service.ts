import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { DomainError, notFound } from '../common/domain-error';
import { toJsonColumn } from '../common/json';
import { writeOutbox } from '../outbox/outbox';
import { JobName } from '../queues/queue.constants';
import { BlobStorage } from '../storage/blob-storage';
import { appendTimeline } from '../timeline/timeline';
import { ContactMessage } from './contact-message.entity';
import { Contact } from './contact.entity';
import type { InboundAttachment, InboundContact, InboundFollowUp } from './contact.types';
import { wantsAcknowledgement } from './acknowledgement-policy';

export interface IntakeResult {
  contact: Contact;
  /** False when this was a retry of something already stored. */
  created: boolean;
  /** Set when the input joined an existing contact as a follow-up message. */
  messageId?: string;
}

/**
 * The single door every medium comes in by. A new contact, its first timeline event and the outbox
 * message that queues it are written in one transaction; so are a follow-up message and its event.
 *
 * Provider retries: the provider's id (source + external id) is locked with a transaction-scoped
 * advisory lock, then looked up among contacts and follow-up messages, so a retried or duplicated
 * webhook, even one arriving at the same moment, finds what the first one stored and creates
 * nothing. Unique indexes on both tables stay as the last line of defence.
 *
 * Attachments arrive already written to blob storage; their rows commit with the contact, and
 * their blobs are removed when the input was a retry or the transaction failed.
 */
/** PostgreSQL text cannot hold NUL; providers' payloads sometimes do. */
const text = <T extends string | null | undefined>(value: T): T =>
  (typeof value === 'string' ? value.replaceAll('\u0000', '') : value) as T;

@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: BlobStorage,
  ) {}

  accept(inbound: InboundContact): Promise<IntakeResult> {
    return this.withBlobCleanup(inbound.attachments, () =>
      this.dataSource.transaction(async (manager) => {
        const seen = await this.lockAndFind(manager, inbound.source, inbound.externalId);
        if (seen) return this.retried(seen, inbound.requestHash);
        const id = await this.insertContact(manager, inbound);
        await appendTimeline(manager, {
          type: 'contact.received',
          actor: inbound.source === 'web' ? 'customer' : `provider:${inbound.source}`,
          contactId: id,
          data: { medium: inbound.medium, source: inbound.source, inquiryType: inbound.inquiryType },
        });
        await this.insertAttachments(manager, id, null, inbound.attachments);
        await writeOutbox(manager, JobName.ProcessContact, `${JobName.ProcessContact}.${id}`, { contactId: id });
        if (wantsAcknowledgement(inbound)) {
          await writeOutbox(manager, JobName.AcknowledgeContact, `${JobName.AcknowledgeContact}.${id}`, {
            contactId: id,
          });
        }
        return { contact: await manager.getRepository(Contact).findOneByOrFail({ id }), created: true };
      }),
    );
  }

  /** Adds a message to an existing contact's conversation (a reply, the next SMS). */
  acceptFollowUp(contactId: string, message: InboundFollowUp): Promise<IntakeResult> {
    return this.withBlobCleanup(message.attachments, () =>
      this.dataSource.transaction(async (manager) => {
        const seen = await this.lockAndFind(manager, message.source, message.externalId);
        if (seen) return this.retried(seen);
        const contact = await manager.getRepository(Contact).findOneBy({ id: contactId });
        if (!contact) throw notFound('contact', contactId);
        const inserted = await manager.getRepository(ContactMessage).insert({
          contactId,
          direction: 'inbound',
          medium: message.medium,
          source: message.source,
          externalId: text(message.externalId ?? null),
          fromAddress: text(message.fromAddress ?? null),
          subject: text(message.subject ?? null),
          body: text(message.body),
          metadata: toJsonColumn(message.metadata),
        });
        const messageId = (inserted.identifiers[0] as { id: string }).id;
        await this.insertAttachments(manager, contactId, messageId, message.attachments);
        await manager.getRepository(Contact).update({ id: contactId }, { updatedAt: new Date() });
        await appendTimeline(manager, {
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
        return { contact, created: true, messageId };
      }),
    );
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
  private async lockAndFind(
    manager: EntityManager,
    source: string,
    rawExternalId: string | undefined,
  ): Promise<{ contact: Contact; messageId?: string } | null> {
    const externalId = text(rawExternalId);
    if (!externalId) return null;
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [`${source}\n${externalId}`]);
    const contact = await manager.getRepository(Contact).findOneBy({ source, externalId });
    if (contact) return { contact };
    const message = await manager.getRepository(ContactMessage).findOneBy({ source, externalId });
    if (!message) return null;
    return {
      contact: await manager.getRepository(Contact).findOneByOrFail({ id: message.contactId }),
      messageId: message.id,
    };
  }

  private retried(seen: { contact: Contact; messageId?: string }, requestHash?: string): IntakeResult {
    const firstHash = seen.contact.requestHash;
    if (requestHash && firstHash && requestHash !== firstHash) {
      throw new DomainError('idempotency_key_reused', 'this idempotency key was already used for a different request', [
        { field: 'Idempotency-Key', message: 'was already used for a different request' },
      ]);
    }
    return { contact: seen.contact, created: false, ...(seen.messageId ? { messageId: seen.messageId } : {}) };
  }

  private async insertContact(manager: EntityManager, inbound: InboundContact): Promise<string> {
    const result = await manager.getRepository(Contact).insert({
      medium: inbound.medium,
      source: inbound.source,
      externalId: text(inbound.externalId ?? null),
      requestHash: inbound.requestHash ?? null,
      status: 'received',
      inquiryType: inbound.inquiryType,
      language: inbound.language,
      fromName: text(inbound.from.name ?? null),
      fromEmail: text(inbound.from.email ?? null),
      fromPhone: text(inbound.from.phone ?? null),
      fromCompany: text(inbound.from.company ?? null),
      subject: text(inbound.subject ?? null),
      body: text(inbound.body),
      productLine: inbound.productLine ?? null,
      consent: inbound.consent ?? null,
      metadata: toJsonColumn(inbound.metadata),
    });
    return (result.identifiers[0] as { id: string }).id;
  }

  private async insertAttachments(
    manager: EntityManager,
    contactId: string,
    messageId: string | null,
    attachments: InboundAttachment[] | undefined,
  ): Promise<void> {
    if (!attachments?.length) return;
    await manager.getRepository(Attachment).insert(
      attachments.map((a) => ({
        contactId,
        messageId,
        kind: a.kind,
        filename: a.filename.slice(0, 255),
        contentType: a.contentType.slice(0, 255),
        size: String(a.blob.size),
        sha256: a.blob.sha256,
        storageKey: a.blob.key,
      })),
    );
  }
}
