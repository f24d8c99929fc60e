import { Processor } from '@nestjs/bullmq';
import { DealMailService } from '../deals/deal-mail.service';
import { MetricsService } from '../metrics/metrics.service';
import { RoutingMailService } from '../routing/routing-mail.service';
import { JobCompletions } from './job-completions';
import { JobProcessor } from './job-processor';
import { JobName, MAIL_CONCURRENCY, QueueName, STALL_SETTINGS } from './queue.constants';

/** Thin: the service reloads the handoff or lead and sends. */
@Processor(QueueName.RoutingMail, { concurrency: MAIL_CONCURRENCY, ...STALL_SETTINGS })
export class RoutingMailProcessor extends JobProcessor<QueueName.RoutingMail> {
  constructor(
    mail: RoutingMailService,
    dealMail: DealMailService,
    metrics: MetricsService,
    completions: JobCompletions,
  ) {
    super(
      QueueName.RoutingMail,
      { [JobName.SendRoutingMail]: (p) => mail.send(p), [JobName.SendDealMail]: (p) => dealMail.send(p) },
      metrics,
      completions,
    );
  }
}
