import { Processor } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { InvitationSender } from '../campaigns/invitations/invitation-sender.service';
import { SeminarConfirmationService } from '../campaigns/seminars/seminar-confirmation.service';
import { MetricsService } from '../metrics/metrics.service';
import { JobCompletions } from './job-completions';
import { JobName } from './queue.constants';
import { SendJobProcessor } from './send-job-processor';
import { OUTREACH_CONCURRENCY, QueueName, STALL_SETTINGS } from './queue.constants';

/**
 * Thin: the sender reloads the target (or registration) by id and sends once. A permanent
 * refusal is not retried; when an invitation's job gives up, its target ends `failed`.
 */
@Processor(QueueName.Outreach, { concurrency: OUTREACH_CONCURRENCY, ...STALL_SETTINGS })
export class OutreachProcessor extends SendJobProcessor<QueueName.Outreach> {
  constructor(
    private readonly invitations: InvitationSender,
    confirmations: SeminarConfirmationService,
    metrics: MetricsService,
    completions: JobCompletions,
  ) {
    super(
      QueueName.Outreach,
      {
        [JobName.SendCampaignInvitation]: (p) => invitations.send(p.targetId),
        [JobName.ConfirmSeminarRegistration]: (p) => confirmations.confirm(p.registrationId),
      },
      metrics,
      completions,
    );
  }

  protected override async onGaveUp(job: Job, error: Error): Promise<void> {
    if (job.name !== (JobName.SendCampaignInvitation as string)) return;
    const targetId = (job.data as { targetId?: unknown }).targetId;
    if (typeof targetId === 'string') await this.invitations.giveUp(targetId, error.message);
  }
}
