import { UnrecoverableError } from 'bullmq';
import { PermanentSendError } from '../conversations/send-errors';
import { JobProcessor } from './job-processor';
import type { QueueName } from './queue.constants';

/**
 * The base of processors whose jobs send through a provider (replies, invitations): a provider's
 * refusal for good (PermanentSendError) becomes UnrecoverableError, so the job is not retried and
 * gives up at once; any other error is retried as usual.
 */
export abstract class SendJobProcessor<Q extends QueueName> extends JobProcessor<Q> {
  protected override async handle(call: () => Promise<unknown>): Promise<unknown> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof PermanentSendError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
