import type { JsonColumn } from '../../common/json';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Complexity } from '../../catalog/catalog.types';
import type { RevenueTier, Route } from '../domain/channel-matrix';
import type { Maturity } from '../domain/maturity';

/** A qualified contact: its revenue tier, complexity, maturity and the route the matrix gave it. */
@Entity({ name: 'lead' })
export class Lead {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'contact_id', type: 'uuid', unique: true })
  contactId!: string;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId!: string | null;

  @Column({ name: 'revenue_tier', type: 'varchar', length: 8 })
  revenueTier!: RevenueTier;

  /** numeric: TypeORM hands it back as a string, exact. */
  @Column({ name: 'estimated_revenue', type: 'numeric', precision: 20, scale: 2, nullable: true })
  estimatedRevenue!: string | null;

  @Column({ type: 'varchar', length: 16 })
  complexity!: Complexity;

  @Column({ name: 'product_lines', type: 'text', array: true, default: () => "'{}'::text[]" })
  productLines!: string[];

  @Column({ type: 'boolean', default: false })
  integration!: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  territory!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  industry!: string | null;

  @Column({ type: 'varchar', length: 8 })
  maturity!: Maturity;

  @Column({ name: 'stage_entered_at', type: 'timestamptz' })
  stageEnteredAt!: Date;

  /** The qualification facts: budget, authority, need, timeline. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  qualification!: JsonColumn;

  @Column({ type: 'varchar', length: 16 })
  route!: Route;

  @Column({ name: 'matrix_version', type: 'integer' })
  matrixVersion!: number;

  /**
   * The deal specialist (route field) the lead is offered to or with; null when escalated to a
   * supervisor. Kept on the lead although the handoffs tell the same story: lists filter by it
   * (GET /leads?assigneeId=) and a specialist's open-lead count reads it, without a handoff join.
   */
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'partner_id', type: 'uuid', nullable: true })
  partnerId!: string | null;

  /** The agent who qualified it: told when it stalls if nobody else owns it. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  /** Why this route and this assignee. */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'stalled_at', type: 'timestamptz', nullable: true })
  stalledAt!: Date | null;

  @Column({ name: 'follow_up_at', type: 'timestamptz', nullable: true })
  followUpAt!: Date | null;

  @Column({ type: 'numeric', precision: 20, scale: 2, nullable: true })
  amount!: string | null;

  @Column({ name: 'expected_close_at', type: 'timestamptz', nullable: true })
  expectedCloseAt!: Date | null;

  /** The deal specialist who accepted the field handoff: the lead's owner from then on. */
  @Column({ name: 'deal_specialist_id', type: 'uuid', nullable: true })
  dealSpecialistId!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'outcome_reason', type: 'text', nullable: true })
  outcomeReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
