import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import { BlobStorage } from '../storage/blob-storage';
import { Attachment } from './attachment.entity';

export interface AttachmentView {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

export const toAttachmentView = (a: Attachment): AttachmentView => ({
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
    private readonly dataSource: DataSource,
    private readonly storage: BlobStorage,
  ) {}

  async listForContact(contactId: string): Promise<AttachmentView[]> {
    const rows = await this.dataSource
      .getRepository(Attachment)
      .find({ where: { contactId }, order: { createdAt: 'ASC' } });
    return rows.map(toAttachmentView);
  }

  async open(contactId: string, attachmentId: string): Promise<{ attachment: AttachmentView; stream: Readable }> {
    const row = await this.dataSource.getRepository(Attachment).findOneBy({ id: attachmentId, contactId });
    if (!row) throw notFound('attachment', attachmentId);
    return { attachment: toAttachmentView(row), stream: await this.storage.open(row.storageKey) };
  }
}
