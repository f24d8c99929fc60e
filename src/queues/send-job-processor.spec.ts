import { UnrecoverableError } from 'bullmq';
import { PermanentSendError } from '../conversations/send-errors';
import type { MetricsService } from '../metrics/metrics.service';
import type { JobCompletions } from './job-completions';
import { JobName, QueueName } from './queue.constants';
import { SendJobProcessor } from './send-job-processor';

/** A reply processor that lets the test call `handle` directly. */
class Probe extends SendJobProcessor<QueueName.Replies> {
  constructor() {
    super(
      QueueName.Replies,
      { [JobName.SendReply]: () => Promise.resolve() },
      {} as MetricsService,
      {} as JobCompletions,
    );
  }

  run(call: () => Promise<unknown>): Promise<unknown> {
    return this.handle(call);
  }
}

describe('SendJobProcessor', () => {
  const probe = new Probe();

  it('answers what the handler answers', async () => {
    await expect(probe.run(() => Promise.resolve('sent'))).resolves.toBe('sent');
  });

  it("turns a provider's refusal for good into an unrecoverable error with its reason", async () => {
    const refusal = probe.run(() => Promise.reject(new PermanentSendError('SMTP 550: no such user')));
    await expect(refusal).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(refusal).rejects.toThrow('SMTP 550: no such user');
  });

  it('leaves any other error as it is, to be retried', async () => {
    const outage = new Error('connect ECONNREFUSED');
    await expect(probe.run(() => Promise.reject(outage))).rejects.toBe(outage);
  });
});
