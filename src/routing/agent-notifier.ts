import {
  SUPERVISOR_EVENTS as SHARED_SUPERVISOR_EVENTS,
  SUPERVISOR_ROLES as SHARED_SUPERVISOR_ROLES,
  type ServerEventName,
} from '../common/protocol.mjs';
import type { SupervisorOverview } from '../supervisor/supervisor.dto';
import type { Role } from '../users/user.types';
import type { StaffEventPayloads } from './agent-events';

/**
 * The port through which routing tells staff what happened, in real time. The console implements
 * it with socket.io (src/console); routing never imports socket.io. Delivery is best effort: every
 * event is also state in PostgreSQL (and a reconnecting console is sent its pending offers and
 * handoffs again), so a missed event delays work but never loses it.
 */

export type * from './agent-events';

export type AgentEventPayloads = StaffEventPayloads<SupervisorOverview>;

export type AgentEventName = ServerEventName;

/** Every server-to-staff event, as socket.io's typed event map; an event without a payload type does not compile. */
export type ServerToAgentEvents = { [E in AgentEventName]: (event: AgentEventPayloads[E]) => void };

/** Events only supervisors and admins receive; they report changes rather than being changes. */
export const SUPERVISOR_EVENTS: readonly AgentEventName[] = SHARED_SUPERVISOR_EVENTS;
/** The rooms supervisor events go to (a user in both gets each event once). */
export const SUPERVISOR_ROLES: readonly Role[] = SHARED_SUPERVISOR_ROLES;

export type AgentEventPayload<E extends AgentEventName> = Parameters<ServerToAgentEvents[E]>[0];

/** The room names: one per user and one per role, shared by the gateway and every notifier. */
export const userRoom = (userId: string) => `agent:${userId}`;
export const roleRoom = (role: Role) => `role:${role}`;

export abstract class AgentNotifier {
  private readonly changeListeners = new Set<(cause: string) => void>();

  /** To every console the user has open, on any api process. */
  abstract toUser<E extends AgentEventName>(userId: string, event: E, payload: AgentEventPayload<E>): void;
  /** To every console of users holding the role (or any of the roles: each console gets it once). */
  abstract toRole<E extends AgentEventName>(
    role: Role | readonly Role[],
    event: E,
    payload: AgentEventPayload<E>,
  ): void;

  /**
   * Something supervisors see changed (an offer accepted, a contact left waiting, ...). Every event
   * sent to staff counts as one already; services call this for the changes that send none. The
   * supervisor feed listens and coalesces these into `supervisor:overview` pushes.
   */
  changed(cause: string): void {
    for (const listener of this.changeListeners) listener(cause);
  }

  /** Registers a listener of `changed`; returns its removal. */
  onChange(listener: (cause: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
}
