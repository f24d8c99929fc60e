import type { Medium, SalesChannel } from '../contacts/contact.types';
import type { Role } from '../users/user.types';
import type { Presence } from './domain/agent-selection';
import type { Route } from './domain/channel-matrix';

/**
 * The port through which routing tells staff what happened, in real time. The console implements
 * it with socket.io (src/console); routing never imports socket.io. Delivery is best effort: every
 * event is also state in PostgreSQL (and a reconnecting console is sent its pending offers and
 * handoffs again), so a missed event delays work but never loses it.
 */

/** server -> agent `offer` (CONTRACT.md), plus `reason` and `language` (extensions). */
export interface OfferEvent {
  offerId: string;
  contactId: string;
  medium: Medium;
  channel: SalesChannel | null;
  summary: string;
  expiresAt: string;
  /** Why this agent. */
  reason: string;
  language: string;
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

/** Every server-to-staff event, as socket.io's typed event map. */
export interface ServerToAgentEvents {
  offer: (event: OfferEvent) => void;
  'offer:revoked': (event: OfferRevokedEvent) => void;
  handoff: (event: HandoffEvent) => void;
  'handoff:revoked': (event: HandoffRevokedEvent) => void;
  'handoff:escalated': (event: LeadUnassignedEvent) => void;
  'lead:unassigned': (event: LeadUnassignedEvent) => void;
  'lead:stalled': (event: LeadStalledEvent) => void;
  presence: (event: PresenceEvent) => void;
}

export type AgentEventName = keyof ServerToAgentEvents;
export type AgentEventPayload<E extends AgentEventName> = Parameters<ServerToAgentEvents[E]>[0];

/** The room names: one per user and one per role, shared by the gateway and every notifier. */
export const userRoom = (userId: string) => `agent:${userId}`;
export const roleRoom = (role: Role) => `role:${role}`;

export abstract class AgentNotifier {
  /** To every console the user has open, on any api process. */
  abstract toUser<E extends AgentEventName>(userId: string, event: E, payload: AgentEventPayload<E>): void;
  /** To every console of users holding the role. */
  abstract toRole<E extends AgentEventName>(role: Role, event: E, payload: AgentEventPayload<E>): void;
}
