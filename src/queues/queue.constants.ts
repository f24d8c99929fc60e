import type { JobsOptions } from 'bullmq';

/** Every queue the service uses; a job name belongs to exactly one queue. */
export enum QueueName {
  Intake = 'intake',
  /** Outgoing mail to customers (acknowledgements). */
  Mail = 'mail',
  /** Provider media fetched after the webhook answered: voicemail recordings, MMS images. */
  ChannelMedia = 'channel-media',
  /** Routing runtime: dispatching contacts to agents, offer expiry, presence grace, handoff SLA, stalls. */
  Routing = 'routing',
  /** Mail to staff and partners about routing (handoffs, escalations, partner referrals). */
  RoutingMail = 'routing-mail',
}

export enum JobName {
  /** Identify the person and customer of a stored contact and classify its channel. */
  ProcessContact = 'contact.process',
  /** Send the customer the acknowledgement of a new web or e-mail contact, once. */
  AcknowledgeContact = 'contact.acknowledge',
  /** Fetch a Twilio recording or MMS media file and attach it to its contact, once. */
  FetchTwilioMedia = 'twilio.media.fetch',
  /** Offer a queued contact to the best available agent (contact queued, re-queued). */
  DispatchContact = 'routing.dispatch-contact',
  /** Offer waiting contacts to an agent who has room (agent available, assignment ended, offer declined). */
  DispatchAgent = 'routing.dispatch-agent',
  /** An offer's timeout: expire it when still pending and move the contact on. */
  ExpireOffer = 'routing.offer-expire',
  /** An agent's last socket left: after the grace period without a reconnect, the agent goes offline. */
  PresenceGrace = 'routing.presence-grace',
  /** A handoff's acceptance SLA: escalate it when still not accepted. */
  ExpireHandoff = 'routing.handoff-expire',
  /** A nurtured lead's follow-up date: back to the Demand Generation queue. */
  FollowUpLead = 'routing.lead-follow-up',
  /** The repeatable stall check of leads. */
  CheckStalledLeads = 'routing.stall-check',
  /** The repeatable sweep setting offline the agents whose api process died (no presence left in Redis). */
  ReconcilePresence = 'routing.presence-reconcile',
  /** The repeatable supervisor heartbeat: SLA breaches announced once, a fresh overview pushed. */
  SupervisorHeartbeat = 'supervisor.heartbeat',
  /** Fire offer and handoff timers whose delayed jobs were lost (Redis lost data): self-healing. */
  SweepOverdueTimers = 'routing.overdue-timers',
  /** Mail about routing to a deal specialist, a partner or supervisors. */
  SendRoutingMail = 'routing.mail',
}

export interface JobPayloads {
  [JobName.ProcessContact]: { contactId: string };
  [JobName.AcknowledgeContact]: { contactId: string };
  [JobName.FetchTwilioMedia]: TwilioMediaJob;
  [JobName.DispatchContact]: { contactId: string };
  [JobName.DispatchAgent]: { agentId: string };
  [JobName.ExpireOffer]: { offerId: string };
  [JobName.PresenceGrace]: { agentId: string };
  [JobName.ExpireHandoff]: { handoffId: string };
  [JobName.FollowUpLead]: { leadId: string; followUpAt: string };
  [JobName.CheckStalledLeads]: Record<string, never>;
  [JobName.ReconcilePresence]: Record<string, never>;
  [JobName.SupervisorHeartbeat]: Record<string, never>;
  [JobName.SweepOverdueTimers]: Record<string, never>;
  [JobName.SendRoutingMail]: RoutingMailJob;
}

/** Which routing mail to send; the processor reloads everything else by id. */
export type RoutingMailJob =
  | { kind: 'handoff_offered'; handoffId: string }
  | { kind: 'handoff_escalated'; handoffId: string }
  | { kind: 'partner_referral'; leadId: string };

export const QUEUE_OF_JOB: Record<JobName, QueueName> = {
  [JobName.ProcessContact]: QueueName.Intake,
  [JobName.AcknowledgeContact]: QueueName.Mail,
  [JobName.FetchTwilioMedia]: QueueName.ChannelMedia,
  [JobName.DispatchContact]: QueueName.Routing,
  [JobName.DispatchAgent]: QueueName.Routing,
  [JobName.ExpireOffer]: QueueName.Routing,
  [JobName.PresenceGrace]: QueueName.Routing,
  [JobName.ExpireHandoff]: QueueName.Routing,
  [JobName.FollowUpLead]: QueueName.Routing,
  [JobName.CheckStalledLeads]: QueueName.Routing,
  [JobName.ReconcilePresence]: QueueName.Routing,
  [JobName.SupervisorHeartbeat]: QueueName.Routing,
  [JobName.SweepOverdueTimers]: QueueName.Routing,
  [JobName.SendRoutingMail]: QueueName.RoutingMail,
};

/** Retries with exponential backoff: 1 s, 2 s, 4 s, 8 s, 16 s, then the job stays failed (dead letter). */
export const INTAKE_JOB_ATTEMPTS = 6;
export const INTAKE_JOB_BACKOFF_MS = 1000;
export const INTAKE_CONCURRENCY = 8;
/** Parallel sends per worker process: an SMTP relay rarely likes more connections than this. */
export const MAIL_CONCURRENCY = 4;
/** Routing jobs are short database transactions; offers must not wait behind each other. */
export const ROUTING_CONCURRENCY = 8;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: INTAKE_JOB_ATTEMPTS,
  backoff: { type: 'exponential', delay: INTAKE_JOB_BACKOFF_MS },
  // Completed jobs are kept a while for the dashboard; failed ones a week, as dead letters.
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Mail waits out an SMTP relay's outage: with the default 30 s first delay (MAIL_RETRY_BASE_MS),
 * doubling over 12 attempts spans about 17 hours, close to how long mail servers keep retrying.
 */
export const MAIL_JOB_ATTEMPTS = 12;

/** The options a job is queued with; only mail departs from DEFAULT_JOB_OPTIONS. */
export function jobOptionsFor(jobName: string, retry: { mailRetryBaseMs: number }): JobsOptions {
  if (jobName === (JobName.AcknowledgeContact as string)) {
    return {
      ...DEFAULT_JOB_OPTIONS,
      attempts: MAIL_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: retry.mailRetryBaseMs },
    };
  }
  return DEFAULT_JOB_OPTIONS;
}

/** A provider media file to fetch; the external id (RecordingSid, MessageSid + index) makes it once-only. */
export interface TwilioMediaJob {
  contactId: string;
  externalId: string;
  url: string;
  kind: 'recording' | 'attachment';
  medium: 'voice' | 'sms';
  /** Body of the message the file arrives with, e.g. "Voicemail (12 s)". */
  label: string;
  /** The type the provider announced, when it did. */
  contentType?: string;
}

/** Parallel media downloads per worker process. */
export const CHANNEL_MEDIA_CONCURRENCY = 4;
