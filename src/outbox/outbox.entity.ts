import type { JsonColumn } from '../common/json';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Messages written in the same transaction as the state they announce; the relay moves them to
 * BullMQ. A crash or a Redis outage between commit and enqueue loses nothing: the row waits.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['id'], { where: '"published_at" IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The queue the message goes to. */
  @Column({ type: 'varchar', length: 64 })
  queue!: string;

  /** The job name within the queue. */
  @Column({ name: 'job_name', type: 'varchar', length: 64 })
  jobName!: string;

  /** Deterministic job id: a message relayed twice is one job. */
  @Column({ name: 'job_id', type: 'varchar', length: 200 })
  jobId!: string;

  @Column({ type: 'jsonb' })
  payload!: JsonColumn;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /**
   * When the job's handler finished (or gave up): until then the relay re-publishes the row after
   * OUTBOX_REDELIVER_AFTER_MS if its job is no longer in Redis.
   */
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  /** A delayed job runs no earlier than this. */
  @Column({ name: 'run_at', type: 'timestamptz', nullable: true })
  runAt!: Date | null;
}
