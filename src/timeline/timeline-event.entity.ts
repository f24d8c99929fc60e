import type { JsonColumn } from '../common/json';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One state change, appended and never changed (a trigger in the database refuses UPDATE and
 * DELETE). The timeline of a contact, a person or a lead is read from here.
 */
@Entity({ name: 'timeline_event' })
@Index('timeline_event_contact_idx', ['contactId', 'id'])
@Index('timeline_event_person_idx', ['personId', 'id'])
export class TimelineEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId!: string | null;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  /** Dotted name, e.g. `contact.received`, `contact.identified`, `contact.classified`. */
  @Column({ type: 'varchar', length: 64 })
  type!: string;

  /** Who caused it: `system`, `customer`, `provider:<name>` or `user:<id>`. */
  @Column({ type: 'varchar', length: 80 })
  actor!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data!: JsonColumn;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
