import { Injectable } from '@nestjs/common';
import { checkPayload, jobIdOf, JobPayloads, OutboxJobName, queueOf } from '../queues/job-catalogue';
import { EnqueueOptions, JobQueue } from '../queues/job-queue';
import { OutboxRepository } from './outbox.repository';

/** JobQueue on the transactional outbox; the relay moves the rows to BullMQ once committed and due. */
@Injectable()
export class OutboxJobQueue extends JobQueue {
  constructor(private readonly outbox: OutboxRepository) {
    super();
  }

  async enqueue<N extends OutboxJobName>(
    name: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    const checked = checkPayload(name, payload);
    // A payload the catalogue refuses is a bug in the caller: fail its transaction, loudly.
    if (!checked.ok) throw new Error(`job ${name}: ${checked.problem}`);
    await this.outbox.insert({
      queue: queueOf(name),
      jobName: name,
      jobId: jobIdOf(name, checked.payload),
      payload: checked.payload,
      runAt: options.runAt ?? null,
    });
  }

  async settle<N extends OutboxJobName>(name: N, payload: JobPayloads[N]): Promise<void> {
    const checked = checkPayload(name, payload);
    if (!checked.ok) throw new Error(`job ${name}: ${checked.problem}`);
    await this.outbox.settle(jobIdOf(name, checked.payload));
  }
}
