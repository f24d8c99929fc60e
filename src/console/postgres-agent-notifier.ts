import { BeforeApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { Server } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import { postgresAdapterFactory } from './postgres-io.adapter';
import type { AgentEventName, AgentEventPayload } from '../routing/agent-notifier';
import { RoomAgentNotifier } from './room-agent-notifier';
import { AGENTS_NAMESPACE } from './socket-io-channel';

/**
 * The AgentNotifier of every process role without Redis: a socket.io server that listens on no
 * port, only joined to the PostgreSQL adapter, so what it emits to a room is published through
 * PostgreSQL and delivered by every api process to the sockets it holds. The same single path for
 * `all`, `api` and `worker` as RedisEmitterAgentNotifier gives with Redis.
 */
export class PostgresAgentNotifier extends RoomAgentNotifier implements BeforeApplicationShutdown {
  private readonly server: Server;

  constructor(pool: Pool, config: AppConfig) {
    super();
    this.server = new Server({ serveClient: false });
    this.server.adapter(postgresAdapterFactory(pool, config));
  }

  protected publish<E extends AgentEventName>(room: string | string[], event: E, payload: AgentEventPayload<E>): void {
    (this.server.of(AGENTS_NAMESPACE).to(room).emit as (event: E, payload: AgentEventPayload<E>) => boolean)(
      event,
      payload,
    );
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
