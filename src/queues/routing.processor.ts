import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { isISO8601, isUUID } from 'class-validator';
import { MetricsService } from '../metrics/metrics.service';
import { PresenceService } from '../routing/agents/presence.service';
import { HandoffService } from '../routing/leads/handoff.service';
import { LeadsService } from '../routing/leads/leads.service';
import { StallDetectionService } from '../routing/leads/stall-detection.service';
import { DispatchService } from '../routing/offers/dispatch.service';
import { OffersService } from '../routing/offers/offers.service';
import { OverdueTimers } from '../routing/overdue-timers.service';
import { SupervisorFeed } from '../supervisor/supervisor-feed.service';
import { JobName, QueueName, ROUTING_CONCURRENCY } from './queue.constants';

type RoutingJobName =
  | JobName.DispatchContact
  | JobName.DispatchAgent
  | JobName.ExpireOffer
  | JobName.PresenceGrace
  | JobName.ExpireHandoff
  | JobName.FollowUpLead
  | JobName.CheckStalledLeads
  | JobName.ReconcilePresence
  | JobName.SupervisorHeartbeat
  | JobName.SweepOverdueTimers;

const uuid = (data: unknown, key: string): string => {
  const value = (data as Record<string, unknown> | null)?.[key];
  if (typeof value !== 'string' || !isUUID(value)) throw new UnrecoverableError(`${key} must be a UUID`);
  return value;
};

/**
 * Thin: one handler per routing job (checked complete by the type of `handlers`), each validating
 * the ids in its payload and letting a service reload state and act. Every handler is idempotent:
 * a redelivered job finds the offer decided, the contact offered, the lead moved on, and stops.
 */
@Processor(QueueName.Routing, { concurrency: ROUTING_CONCURRENCY })
export class RoutingProcessor extends WorkerHost {
  private readonly logger = new Logger(RoutingProcessor.name);
  private readonly handlers: Record<RoutingJobName, (data: unknown) => Promise<unknown>>;

  constructor(
    dispatch: DispatchService,
    offers: OffersService,
    presence: PresenceService,
    handoffs: HandoffService,
    leads: LeadsService,
    stalls: StallDetectionService,
    supervisorFeed: SupervisorFeed,
    overdue: OverdueTimers,
    private readonly metrics: MetricsService,
  ) {
    super();
    this.handlers = {
      [JobName.DispatchContact]: (data) => dispatch.dispatchContact(uuid(data, 'contactId')),
      [JobName.DispatchAgent]: (data) => dispatch.dispatchAgent(uuid(data, 'agentId')),
      [JobName.ExpireOffer]: (data) => offers.expire(uuid(data, 'offerId')),
      [JobName.PresenceGrace]: (data) => presence.graceExpired(uuid(data, 'agentId')),
      [JobName.ExpireHandoff]: (data) => handoffs.expire(uuid(data, 'handoffId')),
      [JobName.FollowUpLead]: (data) => {
        const followUpAt = (data as { followUpAt?: unknown } | null)?.followUpAt;
        if (typeof followUpAt !== 'string' || !isISO8601(followUpAt)) {
          throw new UnrecoverableError('followUpAt must be an ISO 8601 instant');
        }
        return leads.followUp(uuid(data, 'leadId'), followUpAt);
      },
      [JobName.CheckStalledLeads]: () => stalls.check(),
      [JobName.ReconcilePresence]: () => presence.reconcile(),
      [JobName.SupervisorHeartbeat]: () => supervisorFeed.tick(),
      [JobName.SweepOverdueTimers]: () => overdue.sweep(),
    };
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as RoutingJobName] as ((data: unknown) => Promise<unknown>) | undefined;
    if (!handler) throw new UnrecoverableError(`queue ${QueueName.Routing} has no handler for job ${job.name}`);
    return handler(job.data);
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.metrics.jobsProcessed.inc({ queue: QueueName.Routing, job: job.name });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.metrics.jobsFailed.inc({ queue: QueueName.Routing, job: job?.name ?? 'unknown' });
    this.logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'routing job failed');
  }
}
