import type { SERVER_EVENTS } from '../common/protocol.mjs';
import type { Medium, SalesChannel } from '../contacts/contact.types';
import type { Presence } from './domain/agent-selection';
import type { Route } from './domain/channel-matrix';

/**
 * The payloads of the socket events staff consoles receive. Plain types importing only pure
 * modules, so the web console's type check (public/console/types.d.ts) uses these very types.
 */

/** server -> agent `offer` (CONTRACT.md), plus `reason` and `language` (extensions). */
export interface OfferEvent {
  offerId: string;
  contactId: string;
  medium: Medium;
  channel: SalesChannel | null;
  summary: string;
  expiresAt: string;
  /** Why this agent; `transfer` when another agent or a supervisor passed the contact to them. */
  reason: string;
  language: string;
  /** Who transferred the contact, on an offer with reason `transfer`. */
  transferredBy?: { id: string; name: string };
  /** On an outbound campaign's call: the campaign, and the script the agent follows. */
  campaignId?: string;
  script?: string | null;
}

export interface OfferRevokedEvent {
  offerId: string;
  /** `expired`, `agent_unavailable`, ... */
  reason: string;
}

/** server -> deal specialist: a field lead to accept before `dueAt`. */
export interface HandoffEvent {
  handoffId: string;
  leadId: string;
  contactId: string;
  dueAt: string;
  reason: string;
  summary: string;
  revenueTier: string;
  complexity: string;
  maturity: string;
}

export interface HandoffRevokedEvent {
  handoffId: string;
  leadId: string;
  reason: string;
}

/** server -> supervisors: a lead nobody could take. */
export interface LeadUnassignedEvent {
  leadId: string;
  contactId: string;
  route: Route;
  reason: string;
}

export interface LeadStalledEvent {
  leadId: string;
  contactId: string;
  maturity: string;
  stageEnteredAt: string;
  stalledSince: string;
  limitDays: number;
}

export interface PresenceEvent {
  status: Presence;
  reason: string;
}

/**
 * server -> supervisors and admins: a wait SLA broken, sent once per breach. `contact_wait`: a
 * contact still not with an agent after `slaSeconds`; `handoff_due`: a field lead not accepted by
 * its due time (`since` is the due time).
 */
export interface SlaBreachEvent {
  /** `contact_wait:<contactId>` or `handoff_due:<handoffId>`: stable, so a console can dedupe too. */
  breachId: string;
  kind: 'contact_wait' | 'handoff_due';
  contactId: string;
  channel: SalesChannel | null;
  medium: Medium | null;
  leadId: string | null;
  handoffId: string | null;
  /** Who held the handoff when it went past due. */
  specialistId: string | null;
  /** When the clock started: the contact's arrival, or the handoff's due time. */
  since: string;
  slaSeconds: number | null;
  detectedAt: string;
  summary: string;
}

/** One message of a contact's conversation, as `GET /contacts/:id/messages` lists it. */
export interface ConversationMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  medium: Medium;
  from: string | null;
  to: string | null;
  subject: string | null;
  body: string;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  status: 'received' | 'queued' | 'sent' | 'delivered' | 'failed';
  /** The provider's reason when an outbound message failed. */
  error: string | null;
  author: { id: string; name: string } | null;
  createdAt: string;
}

/** server -> the contact's owner and supervisors: a new inbound message, or an outbound status change. */
export interface ContactMessageEvent {
  contactId: string;
  message: ConversationMessage;
}

/** server -> expert: invited to a deal's proposal team. */
export interface TeamInvitationEvent {
  invitationId: string;
  leadId: string;
  role: string;
  invitedBy: string;
  summary: string;
}

/** server -> relationship owner and team: a deal was closed. */
export interface DealOutcomeEvent {
  leadId: string;
  contactId: string;
  result: 'won' | 'lost';
  amount: number | null;
  reason: string;
  summary: string;
}

/** server -> supervisors: a back-office task past its due time. */
export interface BackofficeOverdueEvent {
  taskId: string;
  kind: string;
  leadId: string | null;
  contactId: string | null;
  dueAt: string;
  summary: string;
}

/** server -> supervisors: an outbound campaign's progress, the same as `progress` of GET /campaigns/:id. */
export interface CampaignProgressEvent {
  campaignId: string;
  name: string;
  status: string;
  progress: {
    targets: number;
    byState: Record<string, number>;
    byDisposition: Record<string, number>;
    attempts: number;
    registrations: number;
    leads: number;
  };
}

/**
 * The payload of every server-to-staff event, keyed by the names the console shares
 * (SERVER_EVENTS in src/common/protocol.mjs): renaming an event there breaks this map, every
 * sender and the console alike. The overview's type is a parameter: the server's is a DTO class,
 * the console declares the same JSON as a plain type.
 */
export interface StaffEventPayloads<Overview> {
  [SERVER_EVENTS.offer]: OfferEvent;
  [SERVER_EVENTS.offerRevoked]: OfferRevokedEvent;
  [SERVER_EVENTS.handoff]: HandoffEvent;
  [SERVER_EVENTS.handoffRevoked]: HandoffRevokedEvent;
  [SERVER_EVENTS.handoffEscalated]: LeadUnassignedEvent;
  [SERVER_EVENTS.leadUnassigned]: LeadUnassignedEvent;
  [SERVER_EVENTS.leadStalled]: LeadStalledEvent;
  [SERVER_EVENTS.presence]: PresenceEvent;
  /** The same JSON as GET /supervisor/overview, pushed to supervisors and admins when it changed. */
  [SERVER_EVENTS.supervisorOverview]: Overview;
  [SERVER_EVENTS.slaBreach]: SlaBreachEvent;
  [SERVER_EVENTS.contactMessage]: ContactMessageEvent;
  [SERVER_EVENTS.teamInvitation]: TeamInvitationEvent;
  [SERVER_EVENTS.dealOutcome]: DealOutcomeEvent;
  [SERVER_EVENTS.backofficeOverdue]: BackofficeOverdueEvent;
  [SERVER_EVENTS.campaignProgress]: CampaignProgressEvent;
}
