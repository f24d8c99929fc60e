import { Processor } from '@nestjs/bullmq';
import { MetricsService } from '../metrics/metrics.service';
import { ContactClassificationService } from '../routing/contact-classification.service';
import { JobCompletions } from './job-completions';
import { JobProcessor } from './job-processor';
import { INTAKE_CONCURRENCY, JobName, QueueName, STALL_SETTINGS } from './queue.constants';

/** Thin: the service reloads the contact by id, identifies and classifies it, then offers it. */
@Processor(QueueName.Intake, { concurrency: INTAKE_CONCURRENCY, ...STALL_SETTINGS })
export class IntakeProcessor extends JobProcessor<QueueName.Intake> {
  constructor(classification: ContactClassificationService, metrics: MetricsService, completions: JobCompletions) {
    super(
      QueueName.Intake,
      { [JobName.ProcessContact]: (p) => classification.processAndDispatch(p.contactId) },
      metrics,
      completions,
    );
  }
}
