import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import { redisOptionsFromUrl } from '../queues/redis-options';
import { redisUrlOf } from '../redis/runtime-mode';
import { socketIoChannel } from './socket-io-channel';

/**
 * socket.io with the Redis adapter: a room (`agent:<id>`, `role:<role>`) spans every api process,
 * and events published by any process (RedisEmitterAgentNotifier) reach the sockets wherever they
 * are connected. Own pub and sub connections: a subscribed ioredis client can do nothing else.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly adapter: ReturnType<typeof createAdapter>;

  constructor(app: INestApplicationContext, config: AppConfig) {
    super(app);
    const options = { ...redisOptionsFromUrl(redisUrlOf(config)), maxRetriesPerRequest: null };
    this.pub = new Redis(options);
    this.sub = new Redis(options);
    this.adapter = createAdapter(this.pub, this.sub, { key: socketIoChannel(config) });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    server.adapter(this.adapter);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all([this.pub, this.sub].map((c) => c.quit().catch(() => c.disconnect())));
  }
}
