import { Processor } from '@nestjs/bullmq';
import { MetricsService } from '../metrics/metrics.service';
import { RoutingMailService } from '../routing/routing-mail.service';
import { JobProcessor } from './job-processor';
import { JobName, MAIL_CONCURRENCY, QueueName } from './queue.constants';

/** Thin: the service reloads the handoff or lead and sends. */
@Processor(QueueName.RoutingMail, { concurrency: MAIL_CONCURRENCY })
export class RoutingMailProcessor extends JobProcessor<QueueName.RoutingMail> {
  constructor(mail: RoutingMailService, metrics: MetricsService) {
    super(QueueName.RoutingMail, { [JobName.SendRoutingMail]: (p) => mail.send(p) }, metrics);
  }
}
