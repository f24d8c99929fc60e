import type { EntityManager } from 'typeorm';
import { JobPayloads, queueOf } from '../queues/job-catalogue';
import type { JobName } from '../queues/queue.constants';

/**
 * @deprecated Use JobQueue.enqueue inside a unit of work: it checks the payload and derives the id
 * from the catalogue. Kept only while callers move over.
 */
export async function writeOutbox<N extends JobName>(
  manager: EntityManager,
  jobName: N,
  jobId: string,
  payload: JobPayloads[N],
  options: { runAt?: Date } = {},
): Promise<void> {
  await manager.query(`INSERT INTO outbox (queue, job_name, job_id, payload, run_at) VALUES ($1, $2, $3, $4, $5)`, [
    queueOf(jobName),
    jobName,
    jobId,
    JSON.stringify(payload),
    options.runAt ?? null,
  ]);
}
