import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { MediaFetchError } from '../channels/twilio/twilio-media-fetcher';
import { TwilioMediaService } from '../channels/twilio/twilio-media.service';
import { MetricsService } from '../metrics/metrics.service';
import { BlobTooLargeError } from '../storage/blob-storage';
import { checkPayload } from './job-catalogue';
import { JobCompletions } from './job-completions';
import { JobProcessor } from './job-processor';
import { CHANNEL_MEDIA_CONCURRENCY, JobName, QueueName, STALL_SETTINGS } from './queue.constants';

/**
 * Thin: the service fetches and attaches. A download that cannot succeed later (host not allowed,
 * file too large) stops retrying at once; after the last attempt the contact's timeline records
 * the failure next to the URL it already holds.
 */
@Processor(QueueName.ChannelMedia, { concurrency: CHANNEL_MEDIA_CONCURRENCY, ...STALL_SETTINGS })
export class ChannelMediaProcessor extends JobProcessor<QueueName.ChannelMedia> {
  constructor(
    private readonly media: TwilioMediaService,
    metrics: MetricsService,
    completions: JobCompletions,
  ) {
    super(QueueName.ChannelMedia, { [JobName.FetchTwilioMedia]: (p) => media.attach(p) }, metrics, completions);
  }

  protected override async handle(call: () => Promise<unknown>): Promise<unknown> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof BlobTooLargeError || (error instanceof MediaFetchError && !error.retryable)) {
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  }

  protected override async onGaveUp(job: Job, error: Error): Promise<void> {
    const checked = checkPayload(JobName.FetchTwilioMedia, job.data);
    if (checked.ok) await this.media.recordFailure(checked.payload, error.message);
  }
}
