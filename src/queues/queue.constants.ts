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
  /** Mail about routing to a deal specialist, a partner or supervisors. */
  SendRoutingMail = 'routing.mail',
}

export const INTAKE_CONCURRENCY = 8;
/** Parallel sends per worker process: an SMTP relay rarely likes more connections than this. */
export const MAIL_CONCURRENCY = 4;
/** Routing jobs are short database transactions; offers must not wait behind each other. */
export const ROUTING_CONCURRENCY = 8;

/** Parallel media downloads per worker process. */
export const CHANNEL_MEDIA_CONCURRENCY = 4;
