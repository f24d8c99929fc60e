import { Processor } from '@nestjs/bullmq';
import { CampaignDiallerService } from '../campaigns/campaign-dialler.service';
import { BackofficeService } from '../deals/backoffice.service';
import { MetricsService } from '../metrics/metrics.service';
import { PresenceService } from '../routing/agents/presence.service';
import { HandoffService } from '../routing/leads/handoff.service';
import { LeadsService } from '../routing/leads/leads.service';
import { StallDetectionService } from '../routing/leads/stall-detection.service';
import { DispatchService } from '../routing/offers/dispatch.service';
import { OffersService } from '../routing/offers/offers.service';
import { ReportRollService } from '../reports/report-roll.service';
import { SupervisorFeed } from '../supervisor/supervisor-feed.service';
import { ReportCohortCompactor } from '../reports/report-cohort-compactor.service';
import { JobCompletions } from './job-completions';
import { JobProcessor } from './job-processor';
import { QueueName, ROUTING_CONCURRENCY, STALL_SETTINGS } from './queue.constants';
import { JobName } from './queue.constants';

/**
 * Thin: one handler per routing job, each letting a service reload state and act. Every handler is
 * idempotent: a redelivered job finds the offer decided, the contact offered, the lead moved on,
 * and stops.
 */
@Processor(QueueName.Routing, { concurrency: ROUTING_CONCURRENCY, ...STALL_SETTINGS })
export class RoutingProcessor extends JobProcessor<QueueName.Routing> {
  constructor(
    dispatch: DispatchService,
    offers: OffersService,
    presence: PresenceService,
    handoffs: HandoffService,
    leads: LeadsService,
    stalls: StallDetectionService,
    supervisorFeed: SupervisorFeed,
    backoffice: BackofficeService,
    dialler: CampaignDiallerService,
    reportDays: ReportCohortCompactor,
    reportRoll: ReportRollService,
    metrics: MetricsService,
    completions: JobCompletions,
  ) {
    super(
      QueueName.Routing,
      {
        [JobName.DispatchContact]: (p) => dispatch.dispatchContact(p.contactId),
        [JobName.DispatchAgent]: (p) => dispatch.dispatchAgent(p.agentId),
        [JobName.ExpireOffer]: (p) => offers.expire(p.offerId),
        [JobName.PresenceGrace]: (p) => presence.graceExpired(p.agentId),
        [JobName.ExpireHandoff]: (p) => handoffs.expire(p.handoffId),
        [JobName.FollowUpLead]: (p) => leads.followUp(p.leadId, p.followUpAt),
        [JobName.CheckStalledLeads]: () => stalls.check(),
        [JobName.ReconcilePresence]: () => presence.reconcile(),
        [JobName.SupervisorHeartbeat]: () => supervisorFeed.tick(),
        [JobName.CompactReportDays]: () => reportDays.compact(),
        [JobName.CheckBackofficeTaskDue]: (p) => backoffice.dueCheck(p.taskId),
        [JobName.DialCampaign]: (p) => dialler.dial(p.campaignId),
        [JobName.RollReports]: () => reportRoll.roll(),
      },
      metrics,
      completions,
    );
  }
}
