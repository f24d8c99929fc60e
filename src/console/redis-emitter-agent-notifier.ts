import { OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { redisOptionsFromUrl } from '../queues/redis-options';
import type { AgentEventName, AgentEventPayload, ServerToAgentEvents } from '../routing/agent-notifier';
import { redisUrlOf } from '../redis/runtime-mode';
import { RoomAgentNotifier } from './room-agent-notifier';
import { AGENTS_NAMESPACE, socketIoChannel } from './socket-io-channel';

/**
 * The AgentNotifier of every process role: events are published to Redis with socket.io's emitter
 * and every api process's Redis adapter delivers them to the sockets it holds. One path for `all`,
 * `api` and `worker` alike (a worker has no socket.io server; an api process's own sockets get the
 * event back through the adapter too), so the path the tests exercise is the one production uses.
 * The price is one Redis round trip per event, well under a millisecond on a local Redis.
 */
export class RedisEmitterAgentNotifier extends RoomAgentNotifier implements OnApplicationShutdown {
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

  protected publish<E extends AgentEventName>(room: string | string[], event: E, payload: AgentEventPayload<E>): void {
    (this.emitter.to(room).emit as (event: E, payload: AgentEventPayload<E>) => boolean)(event, payload);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
