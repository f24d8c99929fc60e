import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { MetricsService } from '../metrics/metrics.service';
import { JobCompletions } from './job-completions';
import { JobHandlers, JobProcessor } from './job-processor';
import { JobName, QueueName } from './queue.constants';

const contactId = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';

/** Counters that remember their increments. */
class FakeCounter {
  readonly labels: Record<string, string>[] = [];
  inc(labels: Record<string, string>): void {
    this.labels.push(labels);
  }
}

const fakeMetrics = () => {
  const metrics = { jobsProcessed: new FakeCounter(), jobsFailed: new FakeCounter() };
  return { metrics, port: metrics as unknown as MetricsService };
};

/** Remembers which jobs were marked done. */
class RecordingCompletions extends JobCompletions {
  readonly done: string[] = [];
  markDone(jobId: string): Promise<void> {
    this.done.push(jobId);
    return Promise.resolve();
  }
}

/** A mail processor whose handler and give-up hook record their calls. */
class RecordingProcessor extends JobProcessor<QueueName.Mail> {
  readonly handled: unknown[] = [];
  readonly gaveUp: { job: Job; error: Error }[] = [];

  constructor(metrics: MetricsService, completions: JobCompletions) {
    const handlers: JobHandlers<QueueName.Mail> = {
      [JobName.AcknowledgeContact]: (payload) => {
        this.handled.push(payload);
        return Promise.resolve('sent');
      },
    };
    super(QueueName.Mail, handlers, metrics, completions);
  }

  protected override onGaveUp(job: Job, error: Error): Promise<void> {
    this.gaveUp.push({ job, error });
    return Promise.resolve();
  }
}

const job = (name: string, data: unknown, attempts = { made: 1, max: 3 }) =>
  ({ id: `${name}.1`, name, data, attemptsMade: attempts.made, opts: { attempts: attempts.max } }) as unknown as Job;

function build() {
  const { metrics, port } = fakeMetrics();
  const completions = new RecordingCompletions();
  return { processor: new RecordingProcessor(port, completions), metrics, completions };
}

describe('JobProcessor', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('hands a good payload to its handler, parsed, and answers what the handler answers', async () => {
    const { processor } = build();
    expect(await processor.process(job(JobName.AcknowledgeContact, { contactId }))).toBe('sent');
    expect(processor.handled).toEqual([{ contactId }]);
  });

  it('marks the job done once its handler returned, and not when it throws', async () => {
    const { processor, completions } = build();
    await processor.process(job(JobName.AcknowledgeContact, { contactId }));
    expect(completions.done).toEqual([`${JobName.AcknowledgeContact}.1`]);
    jest.spyOn(processor.handlers, JobName.AcknowledgeContact).mockRejectedValueOnce(new Error('smtp'));
    await expect(processor.process(job(JobName.AcknowledgeContact, { contactId }))).rejects.toThrow('smtp');
    expect(completions.done).toHaveLength(1);
  });

  it('marks a job done when it gives up (a dead letter is not re-published), not while attempts remain', async () => {
    const { processor, completions } = build();
    await processor.onFailed(job(JobName.AcknowledgeContact, { contactId }, { made: 2, max: 3 }), new Error('smtp'));
    expect(completions.done).toEqual([]);
    await processor.onFailed(job(JobName.AcknowledgeContact, { contactId }, { made: 3, max: 3 }), new Error('smtp'));
    expect(completions.done).toEqual([`${JobName.AcknowledgeContact}.1`]);
  });

  it('lists the jobs it handles, for the start-up check', () => {
    expect(build().processor.handledJobs()).toEqual([JobName.AcknowledgeContact]);
  });

  it.each([
    ['an unknown job', 'contact.teleport'],
    ['a job of another queue', JobName.ProcessContact],
  ])('refuses %s as unrecoverable, without calling a handler', async (_label, name) => {
    const { processor } = build();
    const refusal = processor.process(job(name, { contactId }));
    await expect(refusal).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(refusal).rejects.toThrow(`queue mail has no handler for job ${name}`);
    expect(processor.handled).toEqual([]);
  });

  it('refuses a bad payload as unrecoverable, naming the field, without calling the handler', async () => {
    const { processor } = build();
    const refusal = processor.process(job(JobName.AcknowledgeContact, { contactId: 'nope' }));
    await expect(refusal).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(refusal).rejects.toThrow(/contactId: /);
    expect(processor.handled).toEqual([]);
  });

  it('counts completed jobs by queue and name', () => {
    const { processor, metrics } = build();
    processor.onCompleted(job(JobName.AcknowledgeContact, { contactId }));
    expect(metrics.jobsProcessed.labels).toEqual([{ queue: 'mail', job: JobName.AcknowledgeContact }]);
  });

  it('counts a failure but does not give up while attempts remain', async () => {
    const { processor, metrics } = build();
    await processor.onFailed(job(JobName.AcknowledgeContact, { contactId }, { made: 2, max: 3 }), new Error('smtp'));
    expect(metrics.jobsFailed.labels).toEqual([{ queue: 'mail', job: JobName.AcknowledgeContact }]);
    expect(processor.gaveUp).toEqual([]);
  });

  it('gives up after the last attempt', async () => {
    const { processor } = build();
    const last = job(JobName.AcknowledgeContact, { contactId }, { made: 3, max: 3 });
    const error = new Error('smtp');
    await processor.onFailed(last, error);
    expect(processor.gaveUp).toEqual([{ job: last, error }]);
  });

  it('gives up at once on an unrecoverable error, whatever attempts remain', async () => {
    const { processor } = build();
    const first = job(JobName.AcknowledgeContact, { contactId }, { made: 1, max: 12 });
    await processor.onFailed(first, new UnrecoverableError('bad payload'));
    expect(processor.gaveUp).toHaveLength(1);
  });

  it('counts a failure of a job it never saw as unknown, and gives nothing up', async () => {
    const { processor, metrics } = build();
    await processor.onFailed(undefined, new Error('stalled'));
    expect(metrics.jobsFailed.labels).toEqual([{ queue: 'mail', job: 'unknown' }]);
    expect(processor.gaveUp).toEqual([]);
  });

  it('survives a give-up hook that fails', async () => {
    const { processor } = build();
    jest
      .spyOn(processor as unknown as { onGaveUp: () => Promise<void> }, 'onGaveUp')
      .mockRejectedValue(new Error('db'));
    await expect(
      processor.onFailed(job(JobName.AcknowledgeContact, { contactId }, { made: 3, max: 3 }), new Error('smtp')),
    ).resolves.toBeUndefined();
  });
});
