import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language } from '../../contacts/contact.types';
import type { MissedCallReason } from './missed-call';

export type CallbackReason = MissedCallReason | 'scheduled';

export type CallbackTaskStatus = 'open' | 'done' | 'cancelled';

/** A call to return: a missed call (at most one per contact, from its final status callback), or one an agent scheduled at wrap-up. */
@Entity({ name: 'callback_task' })
@Index('callback_task_open_idx', ['status', 'createdAt'])
export class CallbackTask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  /** The number to call back, E.164. */
  @Column({ type: 'varchar', length: 32 })
  phone!: string;

  /** Why it exists: the missed call's outcome, or `scheduled` by an agent's wrap-up. */
  @Column({ type: 'varchar', length: 16 })
  reason!: CallbackReason;

  /** When to call back; null for a missed call (as soon as possible). */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: CallbackTaskStatus;

  @Column({ type: 'varchar', length: 8 })
  language!: Language;

  @Column({ name: 'assigned_agent_id', type: 'uuid', nullable: true })
  assignedAgentId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
