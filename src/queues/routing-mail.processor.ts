import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { isUUID } from 'class-validator';
import { MetricsService } from '../metrics/metrics.service';
import { RoutingMailOutcome, RoutingMailService } from '../routing/routing-mail.service';
import { JobName, MAIL_CONCURRENCY, QueueName, RoutingMailJob } from './queue.constants';

function validPayload(data: unknown): data is RoutingMailJob {
  const job = data as Partial<Record<string, unknown>> | null;
  switch (job?.kind) {
    case 'handoff_offered':
    case 'handoff_escalated':
      return typeof job.handoffId === 'string' && isUUID(job.handoffId);
    case 'partner_referral':
      return typeof job.leadId === 'string' && isUUID(job.leadId);
    default:
      return false;
  }
}

/** Thin: validates the payload, then the service reloads the handoff or lead and sends. */
@Processor(QueueName.RoutingMail, { concurrency: MAIL_CONCURRENCY })
export class RoutingMailProcessor extends WorkerHost {
  private readonly logger = new Logger(RoutingMailProcessor.name);

  constructor(
    private readonly mail: RoutingMailService,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  async process(job: Job): Promise<RoutingMailOutcome> {
    if (job.name !== (JobName.SendRoutingMail as string)) {
      throw new UnrecoverableError(`queue ${QueueName.RoutingMail} has no handler for job ${job.name}`);
    }
    if (!validPayload(job.data)) throw new UnrecoverableError(`job ${job.id}: payload is not a RoutingMailJob`);
    return this.mail.send(job.data);
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.metrics.jobsProcessed.inc({ queue: QueueName.RoutingMail, job: job.name });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.metrics.jobsFailed.inc({ queue: QueueName.RoutingMail, job: job?.name ?? 'unknown' });
    this.logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'routing mail failed');
  }
}
