import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Redis holds when it is in use, for the mode without it (REDIS_URL unset): live presence,
 * rate-limit counters, short-lived claims (announced SLA breaches, replayed webhook tokens,
 * per-sender locks) and socket.io's large fan-out payloads. UNLOGGED: no WAL, so about as cheap
 * as Redis for this churn, and, like Redis without persistence, emptied after a crash (all of it
 * is rebuilt within seconds: sockets reconnect, windows restart). Created in both modes; unused
 * while Redis is configured.
 */
export class PostgresOnlyRuntime1765050000000 implements MigrationInterface {
  name = 'PostgresOnlyRuntime1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNLOGGED TABLE runtime_presence_status (
         agent_id text PRIMARY KEY,
         status text NOT NULL CHECK (status IN ('available', 'away')),
         expires_at timestamptz NOT NULL
       )`,
    );
    await q.query(
      `CREATE UNLOGGED TABLE runtime_presence_connection (
         agent_id text NOT NULL,
         socket_id text NOT NULL,
         seen_at_ms bigint NOT NULL,
         expires_at timestamptz NOT NULL,
         PRIMARY KEY (agent_id, socket_id)
       )`,
    );
    await q.query(
      `CREATE UNLOGGED TABLE runtime_rate_counter (
         key text PRIMARY KEY,
         hits integer NOT NULL,
         window_ends_at timestamptz NOT NULL,
         blocked_until timestamptz
       )`,
    );
    await q.query(
      `CREATE UNLOGGED TABLE runtime_claim (
         key text PRIMARY KEY,
         value text NOT NULL,
         expires_at timestamptz NOT NULL
       )`,
    );
    // The layout @socket.io/postgres-adapter reads and writes (its documented table).
    await q.query(
      `CREATE UNLOGGED TABLE socket_io_attachments (
         id bigserial UNIQUE,
         created_at timestamptz DEFAULT now(),
         payload bytea
       )`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE socket_io_attachments, runtime_claim, runtime_rate_counter, runtime_presence_connection, runtime_presence_status`,
    );
  }
}
