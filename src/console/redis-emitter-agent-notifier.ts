import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { redisOptionsFromUrl } from '../queues/redis-options';
import {
  AgentEventName,
  AgentEventPayload,
  AgentNotifier,
  roleRoom,
  ServerToAgentEvents,
  SUPERVISOR_EVENTS,
  userRoom,
} from '../routing/agent-notifier';
import type { Role } from '../users/user.types';
import { redisUrlOf } from '../redis/runtime-mode';
import { AGENTS_NAMESPACE, socketIoChannel } from './socket-io-channel';

/**
 * The AgentNotifier of every process role: events are published to Redis with socket.io's emitter
 * and every api process's Redis adapter delivers them to the sockets it holds. One path for `all`,
 * `api` and `worker` alike (a worker has no socket.io server; an api process's own sockets get the
 * event back through the adapter too), so the path the tests exercise is the one production uses.
 * The price is one Redis round trip per event, well under a millisecond on a local Redis.
 */
export class RedisEmitterAgentNotifier extends AgentNotifier implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisEmitterAgentNotifier.name);
  private readonly redis: Redis;
  private readonly emitter: Emitter<ServerToAgentEvents>;

  constructor(config: AppConfig) {
    super();
    this.redis = new Redis({ ...redisOptionsFromUrl(redisUrlOf(config)), maxRetriesPerRequest: 2 });
    this.redis.on('error', (error: Error) => this.logger.warn(`notifier Redis: ${error.message}`));
    // The emitter publishes without awaiting; a Redis outage must not become an unhandled rejection.
    const publisher = {
      publish: (channel: string, message: string | Buffer) =>
        this.redis.publish(channel, message).catch((error: Error) => {
          this.logger.warn({ err: error.message }, 'could not publish a console event');
          return 0;
        }),
    };
    this.emitter = new Emitter<ServerToAgentEvents>(publisher, { key: socketIoChannel(config) }).of(AGENTS_NAMESPACE);
  }

  toUser<E extends AgentEventName>(userId: string, event: E, payload: AgentEventPayload<E>): void {
    this.emit(userRoom(userId), event, payload);
  }

  toRole<E extends AgentEventName>(role: Role | readonly Role[], event: E, payload: AgentEventPayload<E>): void {
    const roles: readonly Role[] = typeof role === 'string' ? [role] : role;
    this.emit(roles.map(roleRoom), event, payload);
  }

  private emit<E extends AgentEventName>(room: string | string[], event: E, payload: AgentEventPayload<E>): void {
    // Every event to staff is a change the supervisors' overview may show (their own events are not).
    if (!SUPERVISOR_EVENTS.includes(event)) this.changed(event);
    try {
      // Several rooms in one emit: socket.io sends each socket the event once.
      (this.emitter.to(room).emit as (event: E, payload: AgentEventPayload<E>) => boolean)(event, payload);
    } catch (error) {
      // Best effort by design (see AgentNotifier): the state is in PostgreSQL, a reconnect replays it.
      this.logger.warn({ room, event, err: (error as Error).message }, 'could not publish a console event');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
