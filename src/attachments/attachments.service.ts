import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Principal } from '../auth/auth.types';
import { scopeOf } from '../auth/domain/access-policy';
import { notFound } from '../common/domain-error';
import { BlobStorage } from '../storage/blob-storage';
import { AttachmentRecord, AttachmentRepository } from './attachment.repository';

export interface AttachmentView {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

export const toAttachmentView = (a: AttachmentRecord): AttachmentView => ({
  id: a.id,
  kind: a.kind,
  filename: a.filename,
  contentType: a.contentType,
  size: Number(a.size),
  sha256: a.sha256,
  createdAt: a.createdAt,
});

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly attachments: AttachmentRepository,
    private readonly storage: BlobStorage,
  ) {}

  async listForContact(contactId: string): Promise<AttachmentView[]> {
    return (await this.attachments.forContact(contactId)).map(toAttachmentView);
  }

  /** The file, when the caller may see its contact; otherwise 404 (ids do not leak). */
  async open(
    contactId: string,
    attachmentId: string,
    viewer: Principal,
  ): Promise<{ attachment: AttachmentView; stream: Readable }> {
    const row = await this.attachments.findOfContact(contactId, attachmentId, scopeOf(viewer));
    if (!row) throw notFound('attachment', attachmentId);
    return { attachment: toAttachmentView(row), stream: await this.storage.open(row.storageKey) };
  }
}
