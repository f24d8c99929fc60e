import type { EntityManager } from 'typeorm';
import { JobName, JobPayloads, QUEUE_OF_JOB } from '../queues/queue.constants';

/**
 * Records a job to enqueue once the caller's transaction commits. The job id is deterministic,
 * so a message relayed twice (after a crash) is still one job.
 */
export async function writeOutbox<N extends JobName>(
  manager: EntityManager,
  jobName: N,
  jobId: string,
  payload: JobPayloads[N],
  options: OutboxOptions = {},
): Promise<void> {
  await manager.query(`INSERT INTO outbox (queue, job_name, job_id, payload, run_at) VALUES ($1, $2, $3, $4, $5)`, [
    QUEUE_OF_JOB[jobName],
    jobName,
    jobId,
    JSON.stringify(payload),
    options.runAt ?? null,
  ]);
}

export interface OutboxOptions {
  /**
   * Run the job no earlier than this (a BullMQ delayed job): timeouts and SLAs are written with the
   * state they guard, so a crash after the commit cannot lose the timer.
   */
  runAt?: Date;
}
