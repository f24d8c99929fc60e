import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { JobName, QueueName } from './queue.constants';

/**
 * The one catalogue of jobs: for each, its queue, the schema of its payload (checked when it is
 * enqueued and again when it is processed), the builder of its deterministic id, and its retry
 * options. An id names the *cause* of a job (the contact, the offer it follows, the window it
 * retries in), never a clock reading or a random value: the same cause enqueued twice, or an
 * outbox row relayed twice, is one job.
 *
 * `outbox` jobs are enqueued through JobQueue.enqueue (the outbox, in the caller's transaction);
 * `scheduled` jobs are repeatable ones that BullMQ's job schedulers start on an interval.
 */

const id = z.guid();
/** What caused a dispatch: part of its id, so one cause makes one dispatch. */
const cause = z.string().regex(/^[A-Za-z0-9._:-]{1,160}$/, 'a cause is 1-160 letters, digits or . _ : -');
const empty = z.object({}).strict();

export const RETRY_ATTEMPTS = 6;
export const RETRY_BACKOFF_MS = 1000;
/**
 * Mail waits out an SMTP relay's outage: with the default 30 s first delay (MAIL_RETRY_BASE_MS),
 * doubling over 12 attempts spans about 17 hours, close to how long mail servers keep retrying.
 */
export const MAIL_JOB_ATTEMPTS = 12;

/** Retries with exponential backoff: 1 s, 2 s, 4 s, 8 s, 16 s, then the job stays failed (dead letter). */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: RETRY_ATTEMPTS,
  backoff: { type: 'exponential', delay: RETRY_BACKOFF_MS },
  // Completed jobs are kept a while for the dashboard; failed ones a week, as dead letters.
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** A repeatable job: a missed run is simply the next one, so no retries; failures kept a day. */
export const SCHEDULED_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: DEFAULT_JOB_OPTIONS.removeOnComplete,
  removeOnFail: { age: 24 * 3600 },
};

/** The settings retry options depend on. */
export interface RetrySettings {
  mailRetryBaseMs: number;
}

const defaults = (): JobsOptions => DEFAULT_JOB_OPTIONS;
const mailRetries = (settings: RetrySettings): JobsOptions => ({
  ...DEFAULT_JOB_OPTIONS,
  attempts: MAIL_JOB_ATTEMPTS,
  backoff: { type: 'exponential', delay: settings.mailRetryBaseMs },
});

export const twilioMediaJob = z.object({
  contactId: id,
  /** RecordingSid, or MessageSid + media index: the file's identity, so it is fetched once. */
  externalId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
  url: z.string().min(1),
  kind: z.enum(['recording', 'attachment']),
  medium: z.enum(['voice', 'sms']),
  /** Body of the message the file arrives with, e.g. "Voicemail (12 s)". */
  label: z.string(),
  /** The type the provider announced, when it did. */
  contentType: z.string().optional(),
  /** The outbound message (a call) the file belongs to; without it, the file arrives as a follow-up. */
  messageId: id.optional(),
});
export type TwilioMediaJob = z.infer<typeof twilioMediaJob>;

/** Which routing mail to send; the processor reloads everything else by id. */
export const routingMailJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('handoff_offered'), handoffId: id }),
  z.object({ kind: z.literal('handoff_escalated'), handoffId: id }),
  /** `cause`: the qualification that chose the partner, so a re-qualification refers again. */
  z.object({ kind: z.literal('partner_referral'), leadId: id, cause: cause.optional() }),
]);
export type RoutingMailJob = z.infer<typeof routingMailJob>;

export const dealMailJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('team_invitation'), invitationId: id }),
  /** To one recipient (the relationship owner, or a team member) about the lead's outcome. */
  z.object({ kind: z.literal('deal_outcome'), leadId: id, recipientId: id }),
  z.object({ kind: z.literal('backoffice_overdue'), taskId: id }),
]);
export type DealMailJob = z.infer<typeof dealMailJob>;

interface OutboxJob<S extends z.ZodType, Q extends QueueName = QueueName> {
  kind: 'outbox';
  queue: Q;
  payload: S;
  /** The deterministic job id of a payload. */
  id: (payload: z.infer<S>) => string;
  options: (settings: RetrySettings) => JobsOptions;
}

interface ScheduledJob<S extends z.ZodType, Q extends QueueName = QueueName> {
  kind: 'scheduled';
  queue: Q;
  payload: S;
  /** The scheduler's id: one schedule per job across the cluster, whoever upserts it. */
  schedulerId: string;
  options: (settings: RetrySettings) => JobsOptions;
}

export type JobDefinition<S extends z.ZodType = z.ZodType> = OutboxJob<S> | ScheduledJob<S>;

const outbox = <S extends z.ZodType, Q extends QueueName>(
  definition: Omit<OutboxJob<S, Q>, 'kind'>,
): OutboxJob<S, Q> => ({
  kind: 'outbox',
  ...definition,
});
const scheduled = <Q extends QueueName>(queue: Q, schedulerId: string): ScheduledJob<typeof empty, Q> => ({
  kind: 'scheduled',
  queue,
  payload: empty,
  schedulerId,
  options: () => SCHEDULED_JOB_OPTIONS,
});

export const JOB_CATALOGUE = {
  [JobName.ProcessContact]: outbox({
    queue: QueueName.Intake,
    payload: z.object({ contactId: id }),
    id: (p) => `${JobName.ProcessContact}.${p.contactId}`,
    options: defaults,
  }),
  [JobName.AcknowledgeContact]: outbox({
    queue: QueueName.Mail,
    payload: z.object({ contactId: id }),
    id: (p) => `${JobName.AcknowledgeContact}.${p.contactId}`,
    options: mailRetries,
  }),
  [JobName.FetchTwilioMedia]: outbox({
    queue: QueueName.ChannelMedia,
    payload: twilioMediaJob,
    id: (p) => `twilio.media.${p.externalId}`,
    options: defaults,
  }),
  [JobName.DispatchContact]: outbox({
    queue: QueueName.Routing,
    /**
     * `cause`: `queued`, `after.<offerId>`, `retry-<window>`, `e_sales.<eventId>`, `follow-up.<ms>`,
     * `reopen.<messageId>`, `transfer.<assignmentId>`.
     */
    payload: z.object({ contactId: id, cause }),
    id: (p) => `${JobName.DispatchContact}.${p.contactId}.${p.cause}`,
    options: defaults,
  }),
  [JobName.DispatchAgent]: outbox({
    queue: QueueName.Routing,
    /** `cause`: `after.<offerId>`, `after.<assignmentId>`, `available.<ms>`. */
    payload: z.object({ agentId: id, cause }),
    id: (p) => `${JobName.DispatchAgent}.${p.agentId}.${p.cause}`,
    options: defaults,
  }),
  [JobName.ExpireOffer]: outbox({
    queue: QueueName.Routing,
    payload: z.object({ offerId: id }),
    id: (p) => `${JobName.ExpireOffer}.${p.offerId}`,
    options: defaults,
  }),
  [JobName.PresenceGrace]: outbox({
    queue: QueueName.Routing,
    /** One check per lost socket: the socket's id makes a second disconnect its own check. */
    payload: z.object({ agentId: id, socketId: cause }),
    id: (p) => `${JobName.PresenceGrace}.${p.agentId}.${p.socketId}`,
    options: defaults,
  }),
  [JobName.ExpireHandoff]: outbox({
    queue: QueueName.Routing,
    payload: z.object({ handoffId: id }),
    id: (p) => `${JobName.ExpireHandoff}.${p.handoffId}`,
    options: defaults,
  }),
  [JobName.FollowUpLead]: outbox({
    queue: QueueName.Routing,
    payload: z.object({ leadId: id, followUpAt: z.iso.datetime({ offset: true }) }),
    id: (p) => `${JobName.FollowUpLead}.${p.leadId}.${new Date(p.followUpAt).getTime()}`,
    options: defaults,
  }),
  [JobName.SendRoutingMail]: outbox({
    queue: QueueName.RoutingMail,
    payload: routingMailJob,
    id: (p) =>
      p.kind === 'partner_referral'
        ? `${JobName.SendRoutingMail}.${p.kind}.${p.leadId}${p.cause ? `.${p.cause}` : ''}`
        : `${JobName.SendRoutingMail}.${p.kind}.${p.handoffId}`,
    options: defaults,
  }),
  [JobName.SendReply]: outbox({
    queue: QueueName.Replies,
    payload: z.object({ messageId: id }),
    id: (p) => `${JobName.SendReply}.${p.messageId}`,
    // A provider's outage is waited out like an SMTP relay's; a permanent refusal stops at once.
    options: mailRetries,
  }),
  [JobName.SendDealMail]: outbox({
    queue: QueueName.RoutingMail,
    payload: dealMailJob,
    id: (p) => {
      switch (p.kind) {
        case 'team_invitation':
          return `${JobName.SendDealMail}.${p.kind}.${p.invitationId}`;
        case 'deal_outcome':
          return `${JobName.SendDealMail}.${p.kind}.${p.leadId}.${p.recipientId}`;
        case 'backoffice_overdue':
          return `${JobName.SendDealMail}.${p.kind}.${p.taskId}`;
      }
    },
    options: defaults,
  }),
  [JobName.CheckBackofficeTaskDue]: outbox({
    queue: QueueName.Routing,
    payload: z.object({ taskId: id }),
    id: (p) => `${JobName.CheckBackofficeTaskDue}.${p.taskId}`,
    options: defaults,
  }),
  [JobName.SendCampaignInvitation]: outbox({
    queue: QueueName.Outreach,
    /** `round`: when the campaign was (re)started, in ms; a resumed campaign sends its still-pending targets anew. */
    payload: z.object({ targetId: id, round: z.number().int().nonnegative() }),
    id: (p) => `${JobName.SendCampaignInvitation}.${p.targetId}.${p.round}`,
    options: mailRetries,
  }),
  [JobName.ConfirmSeminarRegistration]: outbox({
    queue: QueueName.Outreach,
    payload: z.object({ registrationId: id }),
    id: (p) => `${JobName.ConfirmSeminarRegistration}.${p.registrationId}`,
    options: mailRetries,
  }),
  [JobName.DialCampaign]: outbox({
    queue: QueueName.Routing,
    /** `cause`: `start.<ms>`, `tick.<window>`, `after.<contactId>`, `retry.<targetId>.<attempts>`. */
    payload: z.object({ campaignId: id, cause }),
    id: (p) => `${JobName.DialCampaign}.${p.campaignId}.${p.cause}`,
    options: defaults,
  }),
  [JobName.CheckStalledLeads]: scheduled(QueueName.Routing, 'routing.stall-check'),
  [JobName.ReconcilePresence]: scheduled(QueueName.Routing, 'routing.presence-reconcile'),
  [JobName.SupervisorHeartbeat]: scheduled(QueueName.Routing, 'supervisor.heartbeat'),
  [JobName.CompactReportDays]: scheduled(QueueName.Routing, 'reports.compact-days'),
  [JobName.RollReports]: scheduled(QueueName.Routing, 'reports.roll'),
} as const satisfies Record<JobName, JobDefinition>;

type Catalogue = typeof JOB_CATALOGUE;

/** The payload of each job, as its schema accepts it. */
export type JobPayloads = { [N in JobName]: z.infer<Catalogue[N]['payload']> };

/** Jobs written to the outbox by JobQueue.enqueue. */
export type OutboxJobName = {
  [N in JobName]: Catalogue[N] extends { kind: 'outbox' } ? N : never;
}[JobName];

/** The jobs of one queue. */
export type JobsOn<Q extends QueueName> = {
  [N in JobName]: Catalogue[N]['queue'] extends Q ? N : never;
}[JobName];

/** Repeatable jobs started by schedulers. */
export type ScheduledJobName = Exclude<JobName, OutboxJobName>;

export const JOB_NAMES = Object.values(JobName);

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as string[]).includes(name);
}

export function jobDefinition(name: JobName): JobDefinition {
  return JOB_CATALOGUE[name];
}

/** The queue a job belongs to. */
export function queueOf(name: JobName): QueueName {
  return JOB_CATALOGUE[name].queue;
}

/** The options a job is queued with (retries, retention), by name; unknown names get the defaults. */
export function jobOptionsFor(name: string, settings: RetrySettings): JobsOptions {
  return isJobName(name) ? JOB_CATALOGUE[name].options(settings) : DEFAULT_JOB_OPTIONS;
}

export type PayloadCheck<N extends JobName> = { ok: true; payload: JobPayloads[N] } | { ok: false; problem: string };

/** Checks a payload against its job's schema; the problem names the field that is wrong. */
export function checkPayload<N extends JobName>(name: N, data: unknown): PayloadCheck<N> {
  const parsed = JOB_CATALOGUE[name].payload.safeParse(data);
  if (parsed.success) return { ok: true, payload: parsed.data as JobPayloads[N] };
  const problem = parsed.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem };
}

/** The deterministic id of an outbox job. */
export function jobIdOf<N extends OutboxJobName>(name: N, payload: JobPayloads[N]): string {
  const definition = JOB_CATALOGUE[name] as OutboxJob<z.ZodType>;
  return definition.id(payload);
}

/**
 * The start-up check of handlers: every job has exactly one, on the queue the catalogue names.
 * Returns the problems (none when all is well); pure, so it is tested on its own.
 */
export function checkHandlers(handlers: readonly { queue: QueueName; job: string }[]): string[] {
  const problems: string[] = [];
  for (const name of JOB_NAMES) {
    const found = handlers.filter((h) => h.job === (name as string));
    if (found.length === 0) problems.push(`job ${name} has no handler`);
    if (found.length > 1) problems.push(`job ${name} has ${found.length} handlers`);
    const queue = queueOf(name);
    for (const h of found) if (h.queue !== queue) problems.push(`job ${name} is handled on ${h.queue}, not ${queue}`);
  }
  for (const h of handlers) if (!isJobName(h.job)) problems.push(`handler for unknown job ${h.job} on ${h.queue}`);
  return problems;
}
