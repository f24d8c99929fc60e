import type { Pool } from 'pg';
import type { Presence } from '../domain/agent-selection';
import { AgentConnection, PresenceStore } from './presence.store';

/**
 * Presence in PostgreSQL's unlogged tables, for the mode without Redis; the same semantics as
 * RedisPresenceStore, expiry included: a row whose `expires_at` has passed counts as absent, as
 * a Redis key whose TTL ran out. Times come from the database clock, shared by every process.
 * - `runtime_presence_status`: `available` or `away`; no live row = offline;
 * - `runtime_presence_connection`: the agent's sockets on every process, with their last heartbeat.
 */
export class PostgresPresenceStore extends PresenceStore {
  constructor(private readonly pool: Pool) {
    super();
  }

  async status(agentId: string): Promise<Presence> {
    return (await this.statuses([agentId])).get(agentId) ?? 'offline';
  }

  async statuses(agentIds: readonly string[]): Promise<Map<string, Presence>> {
    if (agentIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ agent_id: string; status: Presence }>(
      `SELECT agent_id, status FROM runtime_presence_status WHERE agent_id = ANY($1) AND expires_at > clock_timestamp()`,
      [agentIds],
    );
    const found = new Map(rows.map((r) => [r.agent_id, r.status]));
    return new Map(agentIds.map((id) => [id, found.get(id) ?? 'offline']));
  }

  async hasStatus(agentId: string): Promise<boolean> {
    return (await this.status(agentId)) !== 'offline';
  }

  async write(agentId: string, status: Presence, ttlSeconds: number): Promise<void> {
    if (status === 'offline') {
      await this.pool.query('DELETE FROM runtime_presence_status WHERE agent_id = $1', [agentId]);
      return;
    }
    await this.pool.query(
      `INSERT INTO runtime_presence_status (agent_id, status, expires_at)
       VALUES ($1, $2, clock_timestamp() + $3 * interval '1 second')
       ON CONFLICT (agent_id) DO UPDATE SET status = EXCLUDED.status, expires_at = EXCLUDED.expires_at`,
      [agentId, status, ttlSeconds],
    );
  }

  async connect(connection: AgentConnection, atMs: number, ttlSeconds: number): Promise<void> {
    await this.heartbeat([connection], atMs, ttlSeconds);
  }

  /**
   * One statement for all of a process's sockets: upserts each connection, then extends every
   * live connection and live status of those agents (as EXPIRE on their Redis keys does; an
   * expired status is not revived). The sockets upserted are left out of the second update: one
   * statement must not modify a row twice.
   */
  async heartbeat(connections: readonly AgentConnection[], atMs: number, ttlSeconds: number): Promise<void> {
    if (connections.length === 0) return;
    await this.pool.query(
      `WITH seen AS (
         INSERT INTO runtime_presence_connection (agent_id, socket_id, seen_at_ms, expires_at)
         SELECT a, s, $3, clock_timestamp() + $4 * interval '1 second' FROM unnest($1::text[], $2::text[]) AS c(a, s)
         ON CONFLICT (agent_id, socket_id) DO UPDATE SET seen_at_ms = EXCLUDED.seen_at_ms, expires_at = EXCLUDED.expires_at
       ),
       others AS (
         UPDATE runtime_presence_connection SET expires_at = clock_timestamp() + $4 * interval '1 second'
         WHERE agent_id = ANY($1) AND NOT (socket_id = ANY($2)) AND expires_at > clock_timestamp()
       )
       UPDATE runtime_presence_status SET expires_at = clock_timestamp() + $4 * interval '1 second'
       WHERE agent_id = ANY($1) AND expires_at > clock_timestamp()`,
      [connections.map((c) => c.agentId), connections.map((c) => c.socketId), atMs, ttlSeconds],
    );
  }

  async disconnect({ agentId, socketId }: AgentConnection): Promise<void> {
    await this.pool.query('DELETE FROM runtime_presence_connection WHERE agent_id = $1 AND socket_id = $2', [
      agentId,
      socketId,
    ]);
  }

  async liveConnections(agentId: string, staleBeforeMs: number): Promise<number> {
    const { rows } = await this.pool.query<{ live: string }>(
      `WITH gone AS (
         DELETE FROM runtime_presence_connection
         WHERE agent_id = $1 AND (seen_at_ms <= $2 OR expires_at <= clock_timestamp())
         RETURNING socket_id
       )
       SELECT count(*) AS live FROM runtime_presence_connection
       WHERE agent_id = $1 AND seen_at_ms > $2 AND expires_at > clock_timestamp()`,
      [agentId, staleBeforeMs],
    );
    return Number(rows[0]?.live ?? 0);
  }
}
