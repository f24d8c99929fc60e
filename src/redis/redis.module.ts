import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { AppConfig, APP_CONFIG, databaseUrlOf } from '../config/app-config';
import { redisOptionsFromUrl } from '../queues/redis-options';
import { EphemeralStore, PostgresEphemeralStore, RedisEphemeralStore } from './ephemeral-store';
import { runtimeBackendOf } from './runtime-mode';

/** The shared ioredis client; null when REDIS_URL is unset (the PostgreSQL-only mode). */
export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

/** A small pg pool for the runtime state kept in PostgreSQL; null when Redis holds it. */
export const RUNTIME_PG_POOL = Symbol('RUNTIME_PG_POOL');
export const InjectRuntimePool = () => Inject(RUNTIME_PG_POOL);

/**
 * Connections of the runtime pool: presence, rate limits and claims are one short statement
 * each; socket.io's adapters (the api's and the notifier's) keep one each for LISTEN.
 */
const RUNTIME_POOL_SIZE = 8;

/** Closes the shared clients when the app stops. */
@Injectable()
class SharedStateCloser implements OnApplicationShutdown {
  constructor(
    @InjectRedis() private readonly redis: Redis | null,
    @InjectRuntimePool() private readonly pool: Pool | null,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
    await this.pool?.end().catch(() => undefined);
  }
}

/**
 * The shared runtime state's connection, by REDIS_URL: one ioredis client (rate limits, health,
 * presence, claims; BullMQ keeps its own), or without Redis a small pg pool on the service's
 * database. The EphemeralStore port is bound to whichever is in use.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis | null =>
        config.REDIS_URL
          ? new Redis({
              ...redisOptionsFromUrl(config.REDIS_URL),
              keyPrefix: `${config.REDIS_KEY_PREFIX}:`,
              maxRetriesPerRequest: 2,
              enableOfflineQueue: true,
              lazyConnect: false,
            })
          : null,
    },
    {
      provide: RUNTIME_PG_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Pool | null => {
        if (runtimeBackendOf(config) === 'redis') return null;
        const pool = new Pool({
          connectionString: databaseUrlOf(config),
          max: RUNTIME_POOL_SIZE,
          connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
          application_name: 'cc-runtime-state',
        });
        // An idle client's error (server restart) must not crash the process; the next query reconnects.
        pool.on('error', () => undefined);
        return pool;
      },
    },
    {
      provide: EphemeralStore,
      inject: [REDIS, RUNTIME_PG_POOL],
      useFactory: (redis: Redis | null, pool: Pool | null): EphemeralStore =>
        redis ? new RedisEphemeralStore(redis) : new PostgresEphemeralStore(pool as Pool),
    },
    SharedStateCloser,
  ],
  exports: [REDIS, RUNTIME_PG_POOL, EphemeralStore],
})
export class RedisModule {}
