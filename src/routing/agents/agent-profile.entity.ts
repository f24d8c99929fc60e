import type { JsonColumn } from '../../common/json';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Presence } from '../domain/agent-selection';

/**
 * What routing keeps about a user beyond `users.skills`: capacity per medium, a deal specialist's
 * territories, industries and maximum of open leads, and the durable record of presence (the live
 * value is in Redis). A separate table rather than more keys in `skills`: skills say what a user can
 * serve and are edited with the user; this is routing's own operational data, written on every
 * presence change, and it needs typed columns (arrays, a CHECKed presence) that a JSON blob lacks.
 */
@Entity({ name: 'agent_profile' })
export class AgentProfile {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** Contacts per medium the agent may hold at once; a missing medium uses DEFAULT_CAPACITY. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  capacity!: JsonColumn;

  @Column({ type: 'text', array: true, default: () => "'{}'::text[]" })
  territories!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'::text[]" })
  industries!: string[];

  /** An expert's product lines, matched against a lead's for proposal teams. */
  @Column({ name: 'product_lines', type: 'text', array: true, default: () => "'{}'::text[]" })
  productLines!: string[];

  @Column({ name: 'max_open_leads', type: 'integer', default: 20 })
  maxOpenLeads!: number;

  @Column({ type: 'varchar', length: 16, default: 'offline' })
  presence!: Presence;

  @Column({ name: 'presence_changed_at', type: 'timestamptz', nullable: true })
  presenceChangedAt!: Date | null;

  /** When the agent's last assignment ended: the longest idle agent is offered first. */
  @Column({ name: 'idle_since', type: 'timestamptz' })
  idleSince!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
