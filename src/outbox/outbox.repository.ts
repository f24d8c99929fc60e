import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
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

/** The outbox table: written by JobQueue inside the caller's transaction, read by the relay. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

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
