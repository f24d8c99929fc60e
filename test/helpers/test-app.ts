import type { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpApp } from '../../src/app.factory';
import { type AppConfig, databaseUrlOf } from '../../src/config/app-config';
import { validateEnv } from '../../src/config/env.schema';
import { prepareDatabase } from '../../src/database/prepare-database';

export const TEST_PG_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * `TEST_RUNTIME=postgres` runs the suites in the mode without Redis (REDIS_URL unset: queues,
 * fan-out, presence and rate limits in PostgreSQL); anything else, on Redis.
 */
export const TEST_RUNTIME: 'redis' | 'postgres' = process.env.TEST_RUNTIME === 'postgres' ? 'postgres' : 'redis';
/** REDIS_URL for a service under test: the test Redis, or nothing in the PostgreSQL-only run. */
export const runtimeRedisEnv = (redisUrl = TEST_REDIS_URL): Record<string, string> =>
  TEST_RUNTIME === 'redis' ? { REDIS_URL: redisUrl } : {};
export const ADMIN = { email: 'admin@example.test', password: 'admin-password-1' };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** Base URL of the listening server, e.g. http://127.0.0.1:43210 */
  url: string;
  databaseName: string;
  /** Where this app keeps attachments (a temporary folder, removed on close). */
  storageDir: string;
  close(): Promise<void>;
}

/**
 * Boots the real app, listening on a free port, against its own fresh PostgreSQL database and its
 * own Redis key prefix: test files run in parallel without seeing each other. The database is
 * created and migrated exactly as `npm start` does it, and dropped on close.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  via: {
    databaseServerUrl?: string;
    redisUrl?: string;
    /** Reuse the database (and Redis prefix) of an earlier app, as after a restart. */
    databaseName?: string;
    /** Leave the database and Redis keys behind on close, for a later app to pick up. */
    keep?: boolean;
  } = {},
): Promise<TestApp> {
  const name = via.databaseName ?? `cc_test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  // Attachments, recordings and faxes land in a folder of this app's own, never in the checkout.
  const storageDir = env.STORAGE_DIR ?? mkdtempSync(join(tmpdir(), `${name}-storage-`));
  const config = validateEnv({
    NODE_ENV: 'test',
    DATABASE_URL: `${via.databaseServerUrl ?? TEST_PG_URL}/${name}`,
    ...runtimeRedisEnv(via.redisUrl),
    REDIS_KEY_PREFIX: name,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    SMTP_INTAKE_PORT: '0',
    OUTBOX_SWEEP_MS: '500',
    MAIL_RETRY_BASE_MS: '200',
    STORAGE_DIR: storageDir,
    ...env,
  });
  await prepareDatabase(databaseUrlOf(config));
  const app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    databaseName: name,
    storageDir,
    close: async () => {
      await app.close();
      if (via.keep) return;
      rmSync(storageDir, { recursive: true, force: true });
      await dropDatabase(name);
      await deleteRedisKeys(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: `${TEST_PG_URL}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  if (TEST_RUNTIME === 'postgres') return; // nothing was written to Redis
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
