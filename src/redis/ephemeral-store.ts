import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Pool } from 'pg';

/**
 * Short-lived claims shared by every process: "the first to claim this key within ttl wins".
 * Announced SLA breaches, Mailgun tokens already seen, per-sender conversation locks use it; in
 * Redis (`SET NX PX`) or in PostgreSQL's unlogged `runtime_claim` table, by REDIS_URL.
 */
export abstract class EphemeralStore {
  /** True when this call took the key (it was free or its claim had expired). */
  abstract claim(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Frees the key when it still holds `value` (a lock released by its holder only). */
  abstract release(key: string, value: string): Promise<void>;
  /** Frees the key whoever holds it. */
  abstract remove(key: string): Promise<void>;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisEphemeralStore extends EphemeralStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
  }

  async release(key: string, value: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, key, value);
  }

  async remove(key: string): Promise<void> {
    await this.redis.del(key);
  }
}

/** At most this often a claim also deletes expired ones (an expired claim is overwritten in place anyway). */
const SWEEP_MS = 60_000;

export class PostgresEphemeralStore extends EphemeralStore {
  private readonly logger = new Logger(PostgresEphemeralStore.name);
  private lastSweepMs = Date.now();

  constructor(private readonly pool: Pool) {
    super();
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (Date.now() - this.lastSweepMs >= SWEEP_MS) {
      this.lastSweepMs = Date.now();
      void this.pool
        .query('DELETE FROM runtime_claim WHERE expires_at < clock_timestamp()')
        .catch((error: Error) => this.logger.warn({ err: error.message }, 'could not sweep expired claims'));
    }
    // One statement: insert, or take over a claim whose time is up; a live claim is left alone.
    const result = await this.pool.query(
      `INSERT INTO runtime_claim (key, value, expires_at)
       VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
         WHERE runtime_claim.expires_at <= clock_timestamp()
       RETURNING key`,
      [key, value, Math.max(1, Math.ceil(ttlMs))],
    );
    return result.rowCount === 1;
  }

  async release(key: string, value: string): Promise<void> {
    await this.pool.query('DELETE FROM runtime_claim WHERE key = $1 AND value = $2', [key, value]);
  }

  async remove(key: string): Promise<void> {
    await this.pool.query('DELETE FROM runtime_claim WHERE key = $1', [key]);
  }
}
