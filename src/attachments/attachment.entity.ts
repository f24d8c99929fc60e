import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AttachmentKind } from '../contacts/contact.types';

/** A file that came with a contact (e-mail attachment, voicemail recording, fax document). */
@Entity({ name: 'attachment' })
@Index('attachment_contact_idx', ['contactId'])
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  /** The follow-up message it came with; null for the contact's first message. */
  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: AttachmentKind;

  @Column({ type: 'varchar', length: 255 })
  filename!: string;

  @Column({ name: 'content_type', type: 'varchar', length: 255 })
  contentType!: string;

  @Column({ type: 'bigint' })
  size!: string;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 200 })
  storageKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
