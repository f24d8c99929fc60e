import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Medium, SalesChannel } from '../../contacts/contact.types';

export const OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'revoked'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** A contact offered to one agent until a deadline; at most one pending per contact (partial unique index). */
@Entity({ name: 'offer' })
export class Offer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  /** The contact's medium, kept here so an agent's load counts pending offers without a join. */
  @Column({ type: 'varchar', length: 16 })
  medium!: Medium;

  @Column({ type: 'varchar', length: 24, nullable: true })
  channel!: SalesChannel | null;

  @Column({ type: 'varchar', length: 16 })
  status!: OfferStatus;

  /** Why this agent (selectAgent's reason). */
  @Column({ type: 'text' })
  reason!: string;

  /** Why it ended: the agent's decline reason, "expired", "agent went away". */
  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
