import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import { JobCompletions } from '../queues/job-completions';
import type { QueueName } from '../queues/queue.constants';

export interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  job_id: string;
  payload: Record<string, unknown>;
  /** Not before this instant (a timer); null to publish at once. */
  run_at: Date | null;
}

export interface NewOutboxRow {
  queue: QueueName;
  jobName: string;
  jobId: string;
  payload: unknown;
  runAt: Date | null;
}

/**
 * The outbox table: written by JobQueue inside the caller's transaction, read by the relay, and
 * marked done by the processors (JobCompletions) once a job's work is done.
 */
@Injectable()
export class OutboxRepository extends JobCompletions {
  constructor(private readonly db: TypeOrmUnitOfWork) {
    super();
  }

  async insert(row: NewOutboxRow): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO outbox (queue, job_name, job_id, payload, run_at) VALUES ($1, $2, $3, $4, $5)`,
      [row.queue, row.jobName, row.jobId, jsonbParam(row.payload), row.runAt],
    );
  }

  /**
   * Locks up to `limit` rows to publish now: work written to run at once, and timers due by `now`.
   * Rows another relay holds are skipped (FOR UPDATE SKIP LOCKED), so relays never double up.
   * Inside the relay's unit of work, which marks them published before it commits.
   */
  async claimDue(now: Date, limit: number): Promise<OutboxRow[]> {
    return this.db.manager.query<OutboxRow[]>(
      `SELECT id, queue, job_name, job_id, payload, run_at FROM outbox
        WHERE id IN ((SELECT id FROM outbox WHERE published_at IS NULL AND run_at IS NULL ORDER BY id LIMIT $1)
                     UNION ALL
                     (SELECT id FROM outbox WHERE published_at IS NULL AND run_at <= $2 ORDER BY run_at LIMIT $1))
          AND published_at IS NULL
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, now],
    );
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    await this.db.manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Every row of this job id is done: its handler finished (or gave up). Joins the caller's unit, if any. */
  async markDone(jobId: string): Promise<void> {
    await this.db.manager.query(`UPDATE outbox SET done_at = now() WHERE job_id = $1 AND done_at IS NULL`, [jobId]);
  }

  /**
   * The work of this job id was done in line (JobQueue.settle): done, and marked published so the
   * relay never publishes a row not yet due. Joins the caller's unit.
   */
  async settle(jobId: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE outbox SET published_at = coalesce(published_at, now()), done_at = now() WHERE job_id = $1 AND done_at IS NULL`,
      [jobId],
    );
  }

  async markDoneByIds(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.manager.query(`UPDATE outbox SET done_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * Locks up to `limit` rows published before `before` and not done: work BullMQ accepted long
   * ago that no handler finished. The relay checks each job in Redis (skipping rows another relay
   * holds), then re-adds it, marks it done, or touches it (`published_at` = now) to look again later.
   */
  async claimUndone(before: Date, limit: number): Promise<OutboxRow[]> {
    return this.db.manager.query<OutboxRow[]>(
      `SELECT id, queue, job_name, job_id, payload, run_at FROM outbox
        WHERE published_at IS NOT NULL AND done_at IS NULL AND published_at < $1
        ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [before, limit],
    );
  }

  /** When the next timer falls due after `now`, if any is waiting. */
  async nextDueAfter(now: Date): Promise<Date | null> {
    const [row] = await this.db.manager.query<{ due: Date | null }[]>(
      `SELECT min(run_at) AS due FROM outbox WHERE published_at IS NULL AND run_at > $1`,
      [now],
    );
    return row?.due ? new Date(row.due) : null;
  }

  /** Deletes up to `limit` rows published more than `hours` ago; returns how many. */
  async deletePublishedBefore(hours: number, limit: number): Promise<number> {
    const deleted = await this.db.manager.query<[unknown[], number]>(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE published_at < now() - make_interval(hours => $1) LIMIT $2)`,
      [hours, limit],
    );
    return deleted[1];
  }
}
