import type { JobPayloads, OutboxJobName } from './job-catalogue';

export interface EnqueueOptions {
  /**
   * A timer: the job runs no earlier than this instant. The row waits in PostgreSQL until it is
   * due and only then goes to BullMQ, so a Redis restart or flush before then loses nothing.
   */
  runAt?: Date;
}

/**
 * The one way a service starts background work: the job is written to the outbox inside the
 * caller's unit of work, so it exists if and only if the state change that calls for it commits.
 * Its payload is checked against the catalogue and its id derived from it (JOB_CATALOGUE).
 * A port: bound to OutboxJobQueue; service specs use FakeJobQueue (test/fakes).
 */
export abstract class JobQueue {
  abstract enqueue<N extends OutboxJobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void>;

  /**
   * The work of a job enqueued earlier (a timer kept as the fallback of work done in line) was done:
   * the job counts as done and, if not yet due, is never published. Joins the caller's unit, so it
   * settles only if that work commits; a job already published still runs and finds its work done.
   */
  abstract settle<N extends OutboxJobName>(name: N, payload: JobPayloads[N]): Promise<void>;
}
