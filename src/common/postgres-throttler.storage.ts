import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { Pool } from 'pg';

/** At most this often, a hit also deletes the windows that ended (and blocks that passed): no timer to stop. */
const SWEEP_MS = 60_000;

/**
 * Fixed-window counters in PostgreSQL's unlogged `runtime_rate_counter`, for the mode without
 * Redis; the same rules as RedisThrottlerStorage, in one statement per request: count the hit
 * (a new window once the last one ended), and block for `blockDuration` once the limit is
 * passed while not blocked already. Row locking makes concurrent hits of one key count exactly.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(PostgresThrottlerStorage.name);
  private lastSweepMs = Date.now();

  constructor(private readonly pool: Pool) {}

  private sweepNowAndThen(): void {
    if (Date.now() - this.lastSweepMs < SWEEP_MS) return;
    this.lastSweepMs = Date.now();
    void this.pool
      .query(
        `DELETE FROM runtime_rate_counter
           WHERE window_ends_at < clock_timestamp() AND (blocked_until IS NULL OR blocked_until < clock_timestamp())`,
      )
      .catch((error: Error) => this.logger.warn({ err: error.message }, 'could not sweep rate counters'));
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.sweepNowAndThen();
    const { rows } = await this.pool.query<{ hits: number; ttl_ms: number; block_ms: number }>(
      `WITH now AS (SELECT clock_timestamp() AS t),
       counted AS (
         INSERT INTO runtime_rate_counter AS c (key, hits, window_ends_at, blocked_until)
         SELECT $1, 1, t + $2 * interval '1 millisecond',
                CASE WHEN 1 > $3 THEN t + $4 * interval '1 millisecond' END
         FROM now
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN c.window_ends_at <= (SELECT t FROM now) THEN 1 ELSE c.hits + 1 END,
           window_ends_at = CASE WHEN c.window_ends_at <= (SELECT t FROM now) THEN EXCLUDED.window_ends_at ELSE c.window_ends_at END,
           blocked_until = CASE
             WHEN (c.blocked_until IS NULL OR c.blocked_until <= (SELECT t FROM now))
               AND (CASE WHEN c.window_ends_at <= (SELECT t FROM now) THEN 1 ELSE c.hits + 1 END) > $3
             THEN (SELECT t FROM now) + $4 * interval '1 millisecond'
             ELSE c.blocked_until END
         RETURNING c.hits, c.window_ends_at, c.blocked_until
       )
       SELECT hits,
              greatest(0, extract(epoch FROM window_ends_at - (SELECT t FROM now)) * 1000)::float8 AS ttl_ms,
              coalesce(greatest(0, extract(epoch FROM blocked_until - (SELECT t FROM now)) * 1000), 0)::float8 AS block_ms
       FROM counted`,
      [`${throttlerName}:${key}`, ttl, limit, blockDuration > 0 ? blockDuration : ttl],
    );
    const row = rows[0];
    const hits = Number(row?.hits ?? 1);
    const blockMs = Number(row?.block_ms ?? 0);
    const isBlocked = blockMs > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(Number(row?.ttl_ms ?? ttl) / 1000)),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil(blockMs / 1000) : 0,
    };
  }
}
