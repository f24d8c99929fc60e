import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { ReplySender } from '../conversations/reply-sender.service';
import { MetricsService } from '../metrics/metrics.service';
import { JobCompletions } from './job-completions';
import { SendJobProcessor } from './send-job-processor';
import { JobName, QueueName, REPLY_CONCURRENCY, STALL_SETTINGS } from './queue.constants';

/**
 * Thin: the sender reloads the reply by id and sends it. A provider's permanent refusal is not
 * retried; when the job gives up (refusal or last attempt), the message is marked failed with
 * the provider's reason, and the agent sees it (`contact:message`).
 */
@Processor(QueueName.Replies, { concurrency: REPLY_CONCURRENCY, ...STALL_SETTINGS })
export class ReplyProcessor extends SendJobProcessor<QueueName.Replies> {
  constructor(
    private readonly sender: ReplySender,
    metrics: MetricsService,
    completions: JobCompletions,
  ) {
    super(QueueName.Replies, { [JobName.SendReply]: (p) => sender.send(p.messageId) }, metrics, completions);
  }

  protected override async onGaveUp(job: Job, error: Error): Promise<void> {
    const messageId = (job.data as { messageId?: unknown }).messageId;
    if (typeof messageId === 'string') await this.sender.giveUp(messageId, error.message);
  }
}
