import type Redis from 'ioredis';
import type { Presence } from '../domain/agent-selection';
import { AgentConnection, PresenceStore } from './presence.store';

const statusKey = (agentId: string) => `presence:status:${agentId}`;
const connectionsKey = (agentId: string) => `presence:conns:${agentId}`;

/**
 * Presence in Redis:
 * - `presence:status:<id>`: `available` or `away`; absent = offline.
 * - `presence:conns:<id>`: a sorted set of the agent's sockets on every process, scored by last
 *   heartbeat.
 */
export class RedisPresenceStore extends PresenceStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async status(agentId: string): Promise<Presence> {
    return toPresence(await this.redis.get(statusKey(agentId)));
  }

  async statuses(agentIds: readonly string[]): Promise<Map<string, Presence>> {
    if (agentIds.length === 0) return new Map();
    const values = await this.redis.mget(...agentIds.map(statusKey));
    return new Map(agentIds.map((id, i) => [id, toPresence(values[i] ?? null)]));
  }

  async hasStatus(agentId: string): Promise<boolean> {
    return (await this.redis.exists(statusKey(agentId))) > 0;
  }

  async write(agentId: string, status: Presence, ttlSeconds: number): Promise<void> {
    if (status === 'offline') await this.redis.del(statusKey(agentId));
    else await this.redis.set(statusKey(agentId), status, 'EX', ttlSeconds);
  }

  async connect({ agentId, socketId }: AgentConnection, atMs: number, ttlSeconds: number): Promise<void> {
    await this.redis
      .multi()
      .zadd(connectionsKey(agentId), atMs, socketId)
      .expire(connectionsKey(agentId), ttlSeconds)
      .expire(statusKey(agentId), ttlSeconds)
      .exec();
  }

  async heartbeat(connections: readonly AgentConnection[], atMs: number, ttlSeconds: number): Promise<void> {
    if (connections.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { agentId, socketId } of connections) {
      pipeline.zadd(connectionsKey(agentId), atMs, socketId);
      pipeline.expire(connectionsKey(agentId), ttlSeconds);
      pipeline.expire(statusKey(agentId), ttlSeconds);
    }
    await pipeline.exec();
  }

  async disconnect({ agentId, socketId }: AgentConnection): Promise<void> {
    await this.redis.zrem(connectionsKey(agentId), socketId);
  }

  async liveConnections(agentId: string, staleBeforeMs: number): Promise<number> {
    const [, count] = (await this.redis
      .multi()
      .zremrangebyscore(connectionsKey(agentId), '-inf', staleBeforeMs)
      .zcard(connectionsKey(agentId))
      .exec()) as [[Error | null, number], [Error | null, number]];
    return count[1];
  }
}

function toPresence(value: string | null): Presence {
  return value === 'available' || value === 'away' ? value : 'offline';
}
