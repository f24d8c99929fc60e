import { Logger } from '@nestjs/common';
import {
  AgentEventName,
  AgentEventPayload,
  AgentNotifier,
  roleRoom,
  SUPERVISOR_EVENTS,
  userRoom,
} from '../routing/agent-notifier';
import type { Role } from '../users/user.types';

/**
 * An AgentNotifier that publishes every event to socket.io rooms of the agents' namespace through
 * what its subclass provides (a PostgreSQL-adapted server, a Redis emitter). Every event
 * to staff is a change the supervisors' overview may show (their own events are not), and
 * publishing is best effort (see AgentNotifier): a failure is logged, never thrown.
 */
export abstract class RoomAgentNotifier extends AgentNotifier {
  protected readonly logger = new Logger(this.constructor.name);

  /** Emits the event to the rooms (several rooms in one emit: socket.io sends each socket the event once). */
  protected abstract publish<E extends AgentEventName>(
    room: string | string[],
    event: E,
    payload: AgentEventPayload<E>,
  ): void;

  toUser<E extends AgentEventName>(userId: string, event: E, payload: AgentEventPayload<E>): void {
    this.emit(userRoom(userId), event, payload);
  }

  toRole<E extends AgentEventName>(role: Role | readonly Role[], event: E, payload: AgentEventPayload<E>): void {
    const roles: readonly Role[] = typeof role === 'string' ? [role] : role;
    this.emit(roles.map(roleRoom), event, payload);
  }

  private emit<E extends AgentEventName>(room: string | string[], event: E, payload: AgentEventPayload<E>): void {
    if (!SUPERVISOR_EVENTS.includes(event)) this.changed(event);
    try {
      this.publish(room, event, payload);
    } catch (error) {
      // The state is in PostgreSQL, a reconnect replays it.
      this.logger.warn({ room, event, err: (error as Error).message }, 'could not publish a console event');
    }
  }
}
