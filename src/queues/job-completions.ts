/**
 * Where a processor records that a job's work is done: the outbox row that asked for it stops
 * being re-published (OutboxRepository implements it). Until then, the relay treats the work as
 * pending, whatever Redis lost. A port, so processor specs need no database.
 */
export abstract class JobCompletions {
  /** The job of this id is done (its handler finished, or it gave up for good). Idempotent. */
  abstract markDone(jobId: string): Promise<void>;
}
