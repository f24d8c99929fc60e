import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonColumn } from '../common/json';
import type { Medium } from './contact.types';

/**
 * A later message in a contact's conversation: an e-mail reply, another SMS of the same
 * conversation, an outbound answer. The contact's first message is the contact's own body.
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

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  metadata!: JsonColumn;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
