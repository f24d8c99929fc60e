import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const HANDOFF_STATUSES = ['offered', 'accepted', 'declined', 'expired', 'escalated', 'revoked'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/**
 * One attempt at handing a field lead to a deal specialist, with its acceptance SLA. An expired or
 * declined attempt is followed by a new row for the next specialist; `escalated` (no specialist)
 * means the supervisors were asked to assign it. At most one `offered` per lead (partial unique index).
 */
@Entity({ name: 'handoff' })
export class Handoff {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  @Column({ name: 'specialist_id', type: 'uuid', nullable: true })
  specialistId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: HandoffStatus;

  /** Why this specialist (or why the supervisor). */
  @Column({ type: 'text' })
  reason!: string;

  /** Specialists already offered this lead, this one included. */
  @Column({ name: 'tried_ids', type: 'uuid', array: true, default: () => "'{}'::uuid[]" })
  triedIds!: string[];

  @Column({ name: 'offered_at', type: 'timestamptz' })
  offeredAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;
}
