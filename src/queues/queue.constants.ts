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
  /** Agents' replies to customers: e-mail, SMS (Twilio) and fax (Phaxio). */
  Replies = 'replies',
  /** Outbound campaigns' invitations (e-mail, SMS) and seminar confirmations. */
  Outreach = 'outreach',
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
  /** The repeatable compaction of the funnel's per-day counts (reports). */
  CompactReportDays = 'reports.compact-days',
  /** The repeatable roll of the report rollup: stale and unrolled days before today rolled again. */
  RollReports = 'reports.roll',
  /** The repeatable supervisor heartbeat: SLA breaches announced once, a fresh overview pushed. */
  SupervisorHeartbeat = 'supervisor.heartbeat',
  /** Mail about routing to a deal specialist, a partner or supervisors. */
  SendRoutingMail = 'routing.mail',
  /** Send an agent's queued reply through its medium's provider, once. */
  SendReply = 'reply.send',
  /** Mail of the deal desk: a proposal-team invitation, a deal's outcome, an overdue back-office task. */
  SendDealMail = 'deals.mail',
  /** A back-office task's SLA timer: when still not done, supervisors are alerted. */
  CheckBackofficeTaskDue = 'deals.backoffice-task-due',
  /** Send one campaign target its personal invitation (e-mail or SMS), once. */
  SendCampaignInvitation = 'campaign.invite',
  /** Send a seminar registrant the confirmation mail, once. */
  ConfirmSeminarRegistration = 'seminar.confirm',
  /** An active voice campaign's dialling round: due targets become queued calls, as many as agents can take. */
  DialCampaign = 'campaigns.dial',
}

/**
 * An intake job classifies a contact and then dispatches it in line. 16 in flight offered more
 * contacts in one loaded run at 50 inquiries/s (187 of 500 not yet offered 60 s after the load,
 * against 335 with 8), but a SIGTERM drain under parallel test load then broke kept-alive requests
 * (fault-sigterm), which 8 did not: 8 until the drain is measured with 16.
 */
export const INTAKE_CONCURRENCY = 8;
/** Parallel sends per worker process: an SMTP relay rarely likes more connections than this. */
export const MAIL_CONCURRENCY = 4;
/** Routing jobs are short database transactions; offers must not wait behind each other. */
export const ROUTING_CONCURRENCY = 8;

/** Parallel reply sends per worker process (SMTP, Twilio and Phaxio calls). */
export const REPLY_CONCURRENCY = 4;

/** Parallel invitation sends per worker process; the pace itself is CAMPAIGN_SEND_RATE's due times. */
export const OUTREACH_CONCURRENCY = 4;

/** Parallel media downloads per worker process. */
export const CHANNEL_MEDIA_CONCURRENCY = 4;

/**
 * How fast a dead worker's jobs come back, the same on every queue. A worker holds a lock on each
 * active job for `lockDuration` and renews it every half of that; every `stalledInterval` the
 * other workers look for active jobs whose lock is gone and put them back to wait. So a job held
 * by a killed worker runs again within lockDuration + stalledInterval = 15 s (BullMQ's defaults
 * give 30 s + 30 s, and 60-95 s were measured).
 *
 * - Shorter locks cost Redis round trips: each worker renews all its active jobs every
 *   lockDuration / 2 (5 s: one small script call per worker and queue, cheap) and each runs the
 *   stall check every stalledInterval. Going much lower would also take jobs from a worker that
 *   only paused (a long GC, a blocked event loop) and run them twice, which idempotent handlers
 *   survive but mail would notice (hence the mail send records).
 * - A long job keeps its lock as long as its process lives: renewals run on a timer beside the
 *   handler, so a slow SMTP server or download is not "stalled" unless the event loop is stuck
 *   for more than 10 s.
 * - maxStalledCount 2: a job whose worker died twice while running it is failed (a dead letter,
 *   marked done) rather than handed to a third worker: a poison job that kills its process must
 *   not crash the fleet one worker at a time.
 */
export const STALL_SETTINGS = {
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 2,
} as const;
