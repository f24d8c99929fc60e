import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { isUUID } from 'class-validator';
import { MetricsService } from '../metrics/metrics.service';
import { ContactClassificationService } from '../routing/contact-classification.service';
import { INTAKE_CONCURRENCY, JobName, JobPayloads, QueueName } from './queue.constants';

/** Thin: validates the ids in the payload, then lets the service reload and process the contact. */
@Processor(QueueName.Intake, { concurrency: INTAKE_CONCURRENCY })
export class IntakeProcessor extends WorkerHost {
  private readonly logger = new Logger(IntakeProcessor.name);

  constructor(
    private readonly classification: ContactClassificationService,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  async process(job: Job): Promise<string> {
    if (job.name !== (JobName.ProcessContact as string)) {
      throw new Error(`queue ${QueueName.Intake} has no handler for job ${job.name}`);
    }
    const { contactId } = job.data as JobPayloads[JobName.ProcessContact];
    if (typeof contactId !== 'string' || !isUUID(contactId)) {
      throw new Error(`job ${job.id}: contactId must be a UUID`);
    }
    return this.classification.process(contactId);
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.metrics.jobsProcessed.inc({ queue: QueueName.Intake, job: job.name });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.metrics.jobsFailed.inc({ queue: QueueName.Intake, job: job?.name ?? 'unknown' });
    this.logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'intake job failed');
  }
}
