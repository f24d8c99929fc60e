import { Injectable } from '@nestjs/common';
import type { AccessScope } from '../auth/domain/access-policy';
import { contactScopeSql } from '../contacts/contact-scope.sql';
import type { AttachmentKind, InboundAttachment } from '../contacts/contact.types';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

/** An attachment row, camelCased (size as a number: files are far below 2^53 bytes). */
export interface AttachmentRecord {
  id: string;
  contactId: string;
  messageId: string | null;
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
  createdAt: Date;
}

const COLUMNS = `id, contact_id AS "contactId", message_id AS "messageId", kind, filename,
  content_type AS "contentType", size::float8 AS size, sha256, storage_key AS "storageKey", created_at AS "createdAt"`;

/** The attachment table: files that came with a contact, their bytes in blob storage. */
@Injectable()
export class AttachmentRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Links blobs already written to the contact (and to the follow-up message they came with). */
  async insertAll(
    contactId: string,
    messageId: string | null,
    attachments: readonly InboundAttachment[],
  ): Promise<void> {
    if (attachments.length === 0) return;
    const params: unknown[] = [];
    const values = attachments.map((a) => {
      params.push(
        contactId,
        messageId,
        a.kind,
        a.filename.slice(0, 255),
        a.contentType.slice(0, 255),
        String(a.blob.size),
        a.blob.sha256,
        a.blob.key,
      );
      const n = params.length;
      return `($${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await this.db.manager.query(
      `INSERT INTO attachment (contact_id, message_id, kind, filename, content_type, size, sha256, storage_key)
       VALUES ${values.join(', ')}`,
      params,
    );
  }

  /** Whether the message already has a file of this name (a fetch job run twice attaches it once). */
  async existsForMessage(messageId: string, filename: string): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(
      `SELECT 1 FROM attachment WHERE message_id = $1 AND filename = $2 LIMIT 1`,
      [messageId, filename],
    );
    return rows.length > 0;
  }

  /** The contact's attachments, oldest first. */
  async forContact(contactId: string): Promise<AttachmentRecord[]> {
    return this.db.manager.query<AttachmentRecord[]>(
      `SELECT ${COLUMNS} FROM attachment WHERE contact_id = $1 ORDER BY created_at`,
      [contactId],
    );
  }

  /** The contact's attachment, when the caller may see the contact (attachments follow their contact). */
  async findOfContact(contactId: string, attachmentId: string, scope: AccessScope): Promise<AttachmentRecord | null> {
    const params: unknown[] = [attachmentId, contactId];
    const visible = contactScopeSql(scope, params);
    const [row] = await this.db.manager.query<AttachmentRecord[]>(
      `SELECT ${COLUMNS} FROM attachment
        WHERE id = $1 AND contact_id = $2 AND EXISTS (SELECT 1 FROM contact c WHERE c.id = $2 AND ${visible})`,
      params,
    );
    return row ?? null;
  }
}
