import { Processor } from '@nestjs/bullmq';
import { AcknowledgementService } from '../mail/acknowledgement.service';
import { MetricsService } from '../metrics/metrics.service';
import { JobCompletions } from './job-completions';
import { JobProcessor } from './job-processor';
import { JobName, MAIL_CONCURRENCY, QueueName, STALL_SETTINGS } from './queue.constants';

/** Thin: the service reloads the contact by id and sends its acknowledgement, once. */
@Processor(QueueName.Mail, { concurrency: MAIL_CONCURRENCY, ...STALL_SETTINGS })
export class MailProcessor extends JobProcessor<QueueName.Mail> {
  constructor(acknowledgements: AcknowledgementService, metrics: MetricsService, completions: JobCompletions) {
    super(
      QueueName.Mail,
      { [JobName.AcknowledgeContact]: (p) => acknowledgements.acknowledge(p.contactId) },
      metrics,
      completions,
    );
  }
}
