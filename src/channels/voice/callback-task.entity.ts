import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Language } from '../../contacts/contact.types';
import type { MissedCallReason } from './missed-call';

export type CallbackTaskStatus = 'open' | 'done' | 'cancelled';

/** A missed call to return: one per call (contact), created by the call's final status callback. */
@Entity({ name: 'callback_task' })
@Index('callback_task_open_idx', ['status', 'createdAt'])
export class CallbackTask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'contact_id', type: 'uuid', unique: true })
  contactId!: string;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  /** The number to call back, E.164. */
  @Column({ type: 'varchar', length: 32 })
  phone!: string;

  @Column({ type: 'varchar', length: 16 })
  reason!: MissedCallReason;

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
