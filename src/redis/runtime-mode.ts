import type { AppConfig } from '../config/app-config';

/**
 * Where the shared runtime state lives: `redis` when REDIS_URL is set (queues, socket.io fan-out,
 * presence, rate limits, claims), `postgres` when it is not (all of them in PostgreSQL).
 */
export type RuntimeBackend = 'redis' | 'postgres';

export const runtimeBackendOf = (config: Pick<AppConfig, 'REDIS_URL'>): RuntimeBackend =>
  config.REDIS_URL ? 'redis' : 'postgres';

/** REDIS_URL, for code that runs only in the Redis mode. */
export function redisUrlOf(config: Pick<AppConfig, 'REDIS_URL'>): string {
  if (!config.REDIS_URL) throw new Error('REDIS_URL is not set: this part runs only with Redis');
  return config.REDIS_URL;
}
