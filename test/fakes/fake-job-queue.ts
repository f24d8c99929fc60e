import { checkPayload, jobIdOf, JobPayloads, OutboxJobName } from '../../src/queues/job-catalogue';
import { EnqueueOptions, JobQueue } from '../../src/queues/job-queue';

export interface EnqueuedJob {
  name: OutboxJobName;
  id: string;
  payload: unknown;
  runAt: Date | null;
}

/**
 * Records what a service enqueues, after checking each payload against the catalogue, as the real
 * queue does (so a spec fails on a payload the catalogue would refuse).
 */
export class FakeJobQueue extends JobQueue {
  readonly jobs: EnqueuedJob[] = [];
  /** Ids of the jobs settled (their work done in line). */
  readonly settled: string[] = [];

  enqueue<N extends OutboxJobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<void> {
    const checked = checkPayload(name, payload);
    if (!checked.ok) return Promise.reject(new Error(`job ${name}: ${checked.problem}`));
    this.jobs.push({
      name,
      id: jobIdOf(name, checked.payload),
      payload: checked.payload,
      runAt: options.runAt ?? null,
    });
    return Promise.resolve();
  }

  settle<N extends OutboxJobName>(name: N, payload: JobPayloads[N]): Promise<void> {
    const checked = checkPayload(name, payload);
    if (!checked.ok) return Promise.reject(new Error(`job ${name}: ${checked.problem}`));
    this.settled.push(jobIdOf(name, checked.payload));
    return Promise.resolve();
  }

  named(name: OutboxJobName): EnqueuedJob[] {
    return this.jobs.filter((j) => j.name === name);
  }
}
