import { asPort, type Public } from '../../test/fakes/public';
import { JobName, QueueName } from '../queues/queue.constants';
import { OutboxJobQueue } from './outbox-job-queue';
import type { NewOutboxRow, OutboxRepository, OutboxRow } from './outbox.repository';

const contactId = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';

/** Records inserted rows and settled job ids; the relay's reads are not what this spec is about. */
class RecordingOutbox implements Public<OutboxRepository> {
  readonly rows: NewOutboxRow[] = [];
  readonly settled: string[] = [];
  insert(row: NewOutboxRow): Promise<void> {
    this.rows.push(row);
    return Promise.resolve();
  }
  settle(jobId: string): Promise<void> {
    this.settled.push(jobId);
    return Promise.resolve();
  }
  claimDue(): Promise<OutboxRow[]> {
    return Promise.resolve([]);
  }
  markPublished(): Promise<void> {
    return Promise.resolve();
  }
  nextDueAfter(): Promise<Date | null> {
    return Promise.resolve(null);
  }
  deletePublishedBefore(): Promise<number> {
    return Promise.resolve(0);
  }
  markDone(): Promise<void> {
    return Promise.resolve();
  }
  markDoneByIds(): Promise<void> {
    return Promise.resolve();
  }
  claimUndone(): Promise<OutboxRow[]> {
    return Promise.resolve([]);
  }
}

function build() {
  const outbox = new RecordingOutbox();
  return { outbox, queue: new OutboxJobQueue(asPort<OutboxRepository>(outbox)) };
}

describe('OutboxJobQueue', () => {
  it('writes the job to the outbox with its queue, name, deterministic id and parsed payload', async () => {
    const { outbox, queue } = build();
    await queue.enqueue(JobName.DispatchContact, { contactId, cause: 'queued' });
    expect(outbox.rows).toEqual([
      {
        queue: QueueName.Routing,
        jobName: JobName.DispatchContact,
        jobId: `routing.dispatch-contact.${contactId}.queued`,
        payload: { contactId, cause: 'queued' },
        runAt: null,
      },
    ]);
  });

  it('writes a timer with the instant it is due', async () => {
    const { outbox, queue } = build();
    const runAt = new Date('2026-06-01T09:00:30.000Z');
    await queue.enqueue(JobName.ExpireOffer, { offerId: contactId }, { runAt });
    expect(outbox.rows[0]).toMatchObject({
      queue: QueueName.Routing,
      jobId: `routing.offer-expire.${contactId}`,
      runAt,
    });
  });

  it('settles a job by the id its payload derives', async () => {
    const { outbox, queue } = build();
    await queue.settle(JobName.DispatchContact, { contactId, cause: 'queued' });
    expect(outbox.settled).toEqual([`routing.dispatch-contact.${contactId}.queued`]);
    await expect(queue.settle(JobName.DispatchContact, { contactId: 'nope', cause: 'queued' })).rejects.toThrow(
      /contactId/,
    );
    expect(outbox.settled).toHaveLength(1);
  });

  it('refuses a payload the catalogue refuses, naming the field, and writes nothing', async () => {
    const { outbox, queue } = build();
    await expect(queue.enqueue(JobName.AcknowledgeContact, { contactId: 'nope' })).rejects.toThrow(
      /^job contact\.acknowledge: contactId: /,
    );
    expect(outbox.rows).toEqual([]);
  });
});
