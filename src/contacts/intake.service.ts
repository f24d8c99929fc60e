import type { JsonColumn } from '../common/json';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { DomainError } from '../common/domain-error';
import { writeOutbox } from '../outbox/outbox';
import { JobName } from '../queues/queue.constants';
import { BlobStorage } from '../storage/blob-storage';
import { appendTimeline } from '../timeline/timeline';
import { Contact } from './contact.entity';
import type { InboundContact } from './contact.types';

export interface IntakeResult {
  contact: Contact;
  /** False when this was a retry of a contact already stored. */
  created: boolean;
}

/**
 * The single door every medium comes in by: the contact, its first timeline event and the outbox
 * message that queues it are written in one transaction. A provider retry (same source and
 * external id) finds the first contact instead of making a second one, even when the duplicates
 * arrive at the same moment (the unique index makes the later insert wait, then do nothing).
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: BlobStorage,
  ) {}

  /**
   * Stores the contact. Attachments arrive already written to blob storage; their rows commit with
   * the contact, and their blobs are removed when the contact turns out to be a retry or the
   * transaction fails, so no orphan file stays behind.
   */
  async accept(inbound: InboundContact): Promise<IntakeResult> {
    const blobs = (inbound.attachments ?? []).map((a) => a.blob.key);
    try {
      const result = await this.store(inbound);
      if (!result.created) await this.removeBlobs(blobs);
      return result;
    } catch (error) {
      await this.removeBlobs(blobs);
      throw error;
    }
  }

  private async removeBlobs(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.storage.remove(key).catch(() => undefined)));
  }

  private async store(inbound: InboundContact): Promise<IntakeResult> {
    return this.dataSource.transaction(async (manager) => {
      const id = await this.insert(manager, inbound);
      if (!id) return { contact: await this.existing(manager, inbound), created: false };
      await appendTimeline(manager, {
        type: 'contact.received',
        actor: inbound.source === 'web' ? 'customer' : `provider:${inbound.source}`,
        contactId: id,
        data: { medium: inbound.medium, source: inbound.source, inquiryType: inbound.inquiryType },
      });
      if (inbound.attachments?.length) {
        await manager.getRepository(Attachment).insert(
          inbound.attachments.map((a) => ({
            contactId: id,
            kind: a.kind,
            filename: a.filename.slice(0, 255),
            contentType: a.contentType.slice(0, 255),
            size: String(a.blob.size),
            sha256: a.blob.sha256,
            storageKey: a.blob.key,
          })),
        );
      }
      await writeOutbox(manager, JobName.ProcessContact, `${JobName.ProcessContact}.${id}`, { contactId: id });
      return { contact: await manager.getRepository(Contact).findOneByOrFail({ id }), created: true };
    });
  }

  /** Inserts the contact; returns its id, or null when the same provider event is already stored. */
  private async insert(manager: EntityManager, inbound: InboundContact): Promise<string | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Contact)
      .values({
        medium: inbound.medium,
        source: inbound.source,
        externalId: inbound.externalId ?? null,
        requestHash: inbound.requestHash ?? null,
        status: 'received',
        inquiryType: inbound.inquiryType,
        language: inbound.language,
        fromName: inbound.from.name ?? null,
        fromEmail: inbound.from.email ?? null,
        fromPhone: inbound.from.phone ?? null,
        fromCompany: inbound.from.company ?? null,
        subject: inbound.subject ?? null,
        body: inbound.body,
        productLine: inbound.productLine ?? null,
        consent: inbound.consent ?? null,
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- TypeORM's insert type needs it
        metadata: (inbound.metadata ?? {}) as JsonColumn,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const row = (result.raw as { id: string }[])[0];
    return row?.id ?? null;
  }

  private async existing(manager: EntityManager, inbound: InboundContact): Promise<Contact> {
    const contact = await manager
      .getRepository(Contact)
      .findOneByOrFail({ source: inbound.source, externalId: inbound.externalId ?? '' });
    if (inbound.requestHash && contact.requestHash && inbound.requestHash !== contact.requestHash) {
      throw new DomainError('idempotency_key_reused', 'this idempotency key was already used for a different request', [
        { field: 'Idempotency-Key', message: 'was already used for a different request' },
      ]);
    }
    return contact;
  }
}
