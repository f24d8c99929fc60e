import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { Server } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import {
  AgentEventName,
  AgentEventPayload,
  AgentNotifier,
  roleRoom,
  SUPERVISOR_EVENTS,
  userRoom,
} from '../routing/agent-notifier';
import type { Role } from '../users/user.types';
import { postgresAdapterFactory } from './postgres-io.adapter';
import { AGENTS_NAMESPACE } from './socket-io-channel';

/**
 * The AgentNotifier of every process role without Redis: a socket.io server that listens on no
 * port, only joined to the PostgreSQL adapter, so what it emits to a room is published through
 * PostgreSQL and delivered by every api process to the sockets it holds. The same single path for
 * `all`, `api` and `worker` as RedisEmitterAgentNotifier gives with Redis.
 */
export class PostgresAgentNotifier extends AgentNotifier implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PostgresAgentNotifier.name);
  private readonly server: Server;

  constructor(pool: Pool, config: AppConfig) {
    super();
    this.server = new Server({ serveClient: false });
    this.server.adapter(postgresAdapterFactory(pool, config));
  }

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
      (this.server.of(AGENTS_NAMESPACE).to(room).emit as (event: E, payload: AgentEventPayload<E>) => boolean)(
        event,
        payload,
      );
    } catch (error) {
      // Best effort by design (see AgentNotifier): the state is in PostgreSQL, a reconnect replays it.
      this.logger.warn({ room, event, err: (error as Error).message }, 'could not publish a console event');
    }
  }

  /**
   * Before the shutdown hooks: the adapters' LISTEN connection is checked out of the runtime pool,
   * which RedisModule ends on shutdown (pool.end() waits for it). Server.close() expects an
   * attached engine and this server has none, so the adapters of its two namespaces are closed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    for (const namespace of [this.server.sockets, this.server.of(AGENTS_NAMESPACE)]) {
      await Promise.resolve(namespace.adapter.close()).catch(() => undefined);
    }
  }
}
