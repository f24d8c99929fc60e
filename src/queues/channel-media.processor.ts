import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { isUUID } from 'class-validator';
import { MediaFetchError } from '../channels/twilio/twilio-media-fetcher';
import { MediaOutcome, TwilioMediaService } from '../channels/twilio/twilio-media.service';
import { MetricsService } from '../metrics/metrics.service';
import { BlobTooLargeError } from '../storage/blob-storage';
import { CHANNEL_MEDIA_CONCURRENCY, JobName, QueueName, TwilioMediaJob } from './queue.constants';

const EXTERNAL_ID = /^[A-Za-z0-9._-]{1,200}$/;

function validPayload(data: unknown): data is TwilioMediaJob {
  const job = data as Partial<TwilioMediaJob> | null;
  return (
    typeof job?.contactId === 'string' &&
    isUUID(job.contactId) &&
    typeof job.externalId === 'string' &&
    EXTERNAL_ID.test(job.externalId) &&
    typeof job.url === 'string' &&
    (job.kind === 'recording' || job.kind === 'attachment') &&
    (job.medium === 'voice' || job.medium === 'sms') &&
    typeof job.label === 'string'
  );
}

/**
 * Thin: validates the payload, lets the service fetch and attach. A download that cannot succeed
 * later (host not allowed, file too large) stops retrying at once; after the last attempt the
 * contact's timeline records the failure next to the URL it already holds.
 */
@Processor(QueueName.ChannelMedia, { concurrency: CHANNEL_MEDIA_CONCURRENCY })
export class ChannelMediaProcessor extends WorkerHost {
  private readonly logger = new Logger(ChannelMediaProcessor.name);

  constructor(
    private readonly media: TwilioMediaService,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  async process(job: Job): Promise<MediaOutcome> {
    if (job.name !== (JobName.FetchTwilioMedia as string)) {
      throw new UnrecoverableError(`queue ${QueueName.ChannelMedia} has no handler for job ${job.name}`);
    }
    if (!validPayload(job.data)) throw new UnrecoverableError(`job ${job.id}: payload is not a TwilioMediaJob`);
    try {
      return await this.media.attach(job.data);
    } catch (error) {
      if (error instanceof BlobTooLargeError || (error instanceof MediaFetchError && !error.retryable)) {
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.metrics.jobsProcessed.inc({ queue: QueueName.ChannelMedia, job: job.name });
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    this.metrics.jobsFailed.inc({ queue: QueueName.ChannelMedia, job: job?.name ?? 'unknown' });
    this.logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'media job failed');
    const last = job && (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1));
    if (last && validPayload(job.data)) {
      await this.media.recordFailure(job.data, error.message).catch((e: Error) => {
        this.logger.error({ jobId: job.id, err: e.message }, 'could not record the media failure');
      });
    }
  }
}
