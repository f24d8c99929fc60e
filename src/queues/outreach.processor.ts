import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { InvitationSender } from '../campaigns/invitations/invitation-sender.service';
import { SeminarConfirmationService } from '../campaigns/seminars/seminar-confirmation.service';
import { PermanentSendError } from '../conversations/send-errors';
import { MetricsService } from '../metrics/metrics.service';
import { JobCompletions } from './job-completions';
import { JobName } from './queue.constants';
import { JobProcessor } from './job-processor';
import { OUTREACH_CONCURRENCY, QueueName, STALL_SETTINGS } from './queue.constants';

/**
 * Thin: the sender reloads the target (or registration) by id and sends once. A permanent
 * refusal is not retried; when an invitation's job gives up, its target ends `failed`.
 */
@Processor(QueueName.Outreach, { concurrency: OUTREACH_CONCURRENCY, ...STALL_SETTINGS })
export class OutreachProcessor extends JobProcessor<QueueName.Outreach> {
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

  protected override async handle(call: () => Promise<unknown>): Promise<unknown> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof PermanentSendError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  protected override async onGaveUp(job: Job, error: Error): Promise<void> {
    if (job.name !== (JobName.SendCampaignInvitation as string)) return;
    const targetId = (job.data as { targetId?: unknown }).targetId;
    if (typeof targetId === 'string') await this.invitations.giveUp(targetId, error.message);
  }
}
