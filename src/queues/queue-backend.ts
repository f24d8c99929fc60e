import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import { AppConfig, databaseUrlOf } from '../config/app-config';
import { redisUrlOf, runtimeBackendOf } from '../redis/runtime-mode';
import { redisOptionsFromUrl } from './redis-options';

/**
 * Query connections per BullMQ queue, worker or event listener on PostgreSQL (each also keeps one
 * LISTEN connection of its own): a job is a few short statements, and several of these exist.
 */
const POSTGRES_POOL_PER_BACKEND = 1;

/**
 * The one place BullMQ's backend is chosen, before @nestjs/bullmq creates any queue or worker
 * (QueuesModule calls it from BullModule's root factory, which every queue waits for):
 * REDIS_URL set, BullMQ on Redis as always; unset, BullMQ 6's PostgreSQL backend in the
 * service's database (its own `bullmq` schema, migrated by BullMQ under its advisory lock).
 * @nestjs/bullmq has no backend option, so this sets BullMQ's process-wide default; every app of
 * one process uses the same mode (the tests pick it per run).
 */
export function queueBackendOptions(config: AppConfig): { connection: ConnectionOptions; prefix: string } {
  const prefix = `${config.REDIS_KEY_PREFIX}:bull`;
  if (runtimeBackendOf(config) === 'redis') {
    setDefaultBackendFactory(undefined);
    return { connection: { ...redisOptionsFromUrl(redisUrlOf(config)), maxRetriesPerRequest: null }, prefix };
  }
  setDefaultBackendFactory(createPostgresBackend);
  const connection = {
    connectionString: databaseUrlOf(config),
    max: POSTGRES_POOL_PER_BACKEND,
    migrate: true,
    keepAlive: true,
    connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
    application_name: 'cc-bullmq',
  };
  // BullMQ's option types name Redis connections; the PostgreSQL backend reads a pg pool config.
  return { connection: connection, prefix };
}
