import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { isUUID } from 'class-validator';
import { AcknowledgementService } from '../mail/acknowledgement.service';
import { MetricsService } from '../metrics/metrics.service';
import { JobName, JobPayloads, MAIL_CONCURRENCY, QueueName } from './queue.constants';

/** Thin: validates the ids in the payload, then lets the service reload the contact and send. */
@Processor(QueueName.Mail, { concurrency: MAIL_CONCURRENCY })
export class MailProcessor extends WorkerHost {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(
    private readonly acknowledgements: AcknowledgementService,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  async process(job: Job): Promise<string> {
    // One job on this queue; an if rather than a switch, so new jobs elsewhere need no case here.
    if (job.name !== (JobName.AcknowledgeContact as string)) {
      throw new Error(`queue ${QueueName.Mail} has no handler for job ${job.name}`);
    }
    const { contactId } = job.data as JobPayloads[JobName.AcknowledgeContact];
    if (typeof contactId !== 'string' || !isUUID(contactId)) {
      throw new Error(`job ${job.id}: contactId must be a UUID`);
    }
    return this.acknowledgements.acknowledge(contactId);
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.metrics.jobsProcessed.inc({ queue: QueueName.Mail, job: job.name });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.metrics.jobsFailed.inc({ queue: QueueName.Mail, job: job?.name ?? 'unknown' });
    this.logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'mail job failed');
  }
}
