import type { JsonColumn } from '../common/json';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Customer } from '../identity/customer.entity';
import { Person } from '../identity/person.entity';
import type { ContactStatus, InquiryType, Language, Medium, SalesChannel } from './contact.types';

@Entity({ name: 'contact' })
@Index('contact_source_external_id_key', ['source', 'externalId'], {
  unique: true,
  where: '"external_id" IS NOT NULL',
})
@Index('contact_status_created_at_idx', ['status', 'createdAt'])
export class Contact {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  medium!: Medium;

  @Column({ type: 'varchar', length: 32 })
  source!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId!: string | null;

  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: ContactStatus;

  @Column({ type: 'varchar', length: 24, nullable: true })
  channel!: SalesChannel | null;

  @Column({ name: 'inquiry_type', type: 'varchar', length: 16 })
  inquiryType!: InquiryType;

  @Column({ type: 'varchar', length: 8 })
  language!: Language;

  @Column({ name: 'from_name', type: 'varchar', length: 200, nullable: true })
  fromName!: string | null;

  @Column({ name: 'from_email', type: 'varchar', length: 254, nullable: true })
  fromEmail!: string | null;

  @Column({ name: 'from_phone', type: 'varchar', length: 32, nullable: true })
  fromPhone!: string | null;

  @Column({ name: 'from_company', type: 'varchar', length: 200, nullable: true })
  fromCompany!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  subject!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'product_line', type: 'varchar', length: 64, nullable: true })
  productLine!: string | null;

  @Column({ type: 'boolean', nullable: true })
  consent!: boolean | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  metadata!: JsonColumn;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @ManyToOne(() => Person, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'person_id' })
  person?: Person | null;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId!: string | null;

  @ManyToOne(() => Customer, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'customer_id' })
  customer?: Customer | null;

  /** Why the channel was chosen, in words (the classification's reason). */
  @Column({ name: 'channel_reason', type: 'text', nullable: true })
  channelReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
