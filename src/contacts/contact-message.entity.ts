import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { JsonColumn } from '../common/json';
import type { Medium } from './contact.types';

export type ContactMessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'failed';

/**
 * A later message in a contact's conversation: an e-mail reply, another SMS of the same
 * conversation, an outbound answer. The contact's first message is the contact's own body.
 * Outbound rows are replies and outbound calls, with their delivery status.
 */
@Entity({ name: 'contact_message' })
@Index('contact_message_contact_idx', ['contactId', 'createdAt'])
export class ContactMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @Column({ type: 'varchar', length: 8 })
  direction!: 'inbound' | 'outbound';

  @Column({ type: 'varchar', length: 16 })
  medium!: Medium;

  @Column({ type: 'varchar', length: 32 })
  source!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId!: string | null;

  @Column({ name: 'from_address', type: 'varchar', length: 254, nullable: true })
  fromAddress!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  subject!: string | null;

  @Column({ type: 'text' })
  body!: string;

  /** Outbound: the address written to (e-mail, E.164 number, fax number). */
  @Column({ name: 'to_address', type: 'varchar', length: 254, nullable: true })
  toAddress!: string | null;

  /** `received` for inbound; outbound moves `queued` -> `sent` -> `delivered`, or `failed`. */
  @Column({ type: 'varchar', length: 16, default: 'received' })
  status!: ContactMessageStatus;

  /** The provider's reason when an outbound message failed. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The staff member who wrote an outbound message or placed the call; null for inbound. */
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  metadata!: JsonColumn;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
