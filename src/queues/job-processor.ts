import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { MetricsService } from '../metrics/metrics.service';
import { checkPayload, isJobName, JobPayloads, JobsOn, queueOf } from './job-catalogue';
import type { QueueName } from './queue.constants';

/** One handler per job of the queue: the type makes the map complete, the start-up check unique. */
export type JobHandlers<Q extends QueueName> = {
  [N in JobsOn<Q>]: (payload: JobPayloads[N], job: Job) => Promise<unknown>;
};

/**
 * The base of every processor: it looks up the handler of a job, validates the payload against
 * the catalogue (a payload that cannot be right never will be: UnrecoverableError, no retries),
 * calls the handler, and counts and logs the outcome. Subclasses declare their queue with
 * `@Processor` and hand their handlers to the constructor; they stay thin (ids in, a service
 * reloads state and acts).
 */
export abstract class JobProcessor<Q extends QueueName> extends WorkerHost {
  protected readonly logger: Logger;

  protected constructor(
    readonly queue: Q,
    readonly handlers: JobHandlers<Q>,
    private readonly metrics: MetricsService,
  ) {
    super();
    this.logger = new Logger(this.constructor.name);
  }

  /** The job names this processor handles, for the start-up check. */
  handledJobs(): string[] {
    return Object.keys(this.handlers);
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name;
    const handler = (this.handlers as Record<string, ((payload: unknown, job: Job) => Promise<unknown>) | undefined>)[
      name
    ];
    if (!handler || !isJobName(name) || queueOf(name) !== this.queue) {
      throw new UnrecoverableError(`queue ${this.queue} has no handler for job ${name}`);
    }
    const checked = checkPayload(name, job.data);
    if (!checked.ok) throw new UnrecoverableError(`job ${job.id ?? name}: ${checked.problem}`);
    return this.handle(() => handler(checked.payload, job));
  }

  /** Wraps a handler call; a subclass may turn errors that cannot heal into UnrecoverableError. */
  protected handle(call: () => Promise<unknown>): Promise<unknown> {
    return call();
  }

  /** After the last attempt failed (or an unrecoverable error): a subclass may record it. */
  protected onGaveUp(_job: Job, _error: Error): Promise<void> {
    return Promise.resolve();
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.metrics.jobsProcessed.inc({ queue: this.queue, job: job.name });
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    this.metrics.jobsFailed.inc({ queue: this.queue, job: job?.name ?? 'unknown' });
    this.logger.warn(
      { queue: this.queue, job: job?.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message },
      'job failed',
    );
    const gaveUp = job && (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1));
    if (!job || !gaveUp) return;
    await this.onGaveUp(job, error).catch((e: Error) => {
      this.logger.error({ jobId: job.id, err: e.message }, 'could not record the failure of a job');
    });
  }
}
