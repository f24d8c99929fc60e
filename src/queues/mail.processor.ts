import { Processor } from '@nestjs/bullmq';
import { AcknowledgementService } from '../mail/acknowledgement.service';
import { MetricsService } from '../metrics/metrics.service';
import { JobProcessor } from './job-processor';
import { JobName, MAIL_CONCURRENCY, QueueName } from './queue.constants';

/** Thin: the service reloads the contact by id and sends its acknowledgement, once. */
@Processor(QueueName.Mail, { concurrency: MAIL_CONCURRENCY })
export class MailProcessor extends JobProcessor<QueueName.Mail> {
  constructor(acknowledgements: AcknowledgementService, metrics: MetricsService) {
    super(QueueName.Mail, { [JobName.AcknowledgeContact]: (p) => acknowledgements.acknowledge(p.contactId) }, metrics);
  }
}
