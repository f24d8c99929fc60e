import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { MetricsService } from '../metrics/metrics.service';
import type { JobCompletions } from './job-completions';
import { checkPayload, isJobName, jobDefinition, JobPayloads, JobsOn, queueOf } from './job-catalogue';
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
 *
 * PostgreSQL, not Redis, knows what is left to do: once a handler returned (or the job gave up),
 * the base marks the job's outbox rows done (JobCompletions). The mark is its own statement after
 * the handler's units of work, not inside them: a handler may commit several units (a mail's send
 * record commits before the SMTP call), and a crash between the handler's commit and the mark only
 * runs the handler again, which finds its work done and stops (every handler is idempotent). A job
 * Redis lost stays not done, and the outbox relay re-publishes it (OutboxRelay).
 */
export abstract class JobProcessor<Q extends QueueName> extends WorkerHost {
  protected readonly logger: Logger;

  protected constructor(
    readonly queue: Q,
    readonly handlers: JobHandlers<Q>,
    private readonly metrics: MetricsService,
    private readonly completions: JobCompletions,
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
    const result = await this.handle(() => handler(checked.payload, job));
    if (job.id && jobDefinition(name).kind === 'outbox') await this.completions.markDone(job.id);
    return result;
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

  /**
   * A worker's own trouble (Redis gone, a lock lost to the stalled-job check after an outage):
   * logged, never thrown. An EventEmitter 'error' without a listener would throw in the worker.
   */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ queue: this.queue, err: error.message }, 'queue worker error');
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
    // A dead letter stays in BullMQ's failed set; the outbox stops re-publishing it.
    if (job.id) {
      await this.completions.markDone(job.id).catch((e: Error) => {
        this.logger.warn({ jobId: job.id, err: e.message }, 'could not mark a failed job done (the relay will)');
      });
    }
  }
}
