import { Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { writeOutbox } from '../../outbox/outbox';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { InjectRedis } from '../../redis/redis.module';
import { AgentNotifier } from '../agent-notifier';
import type { Presence } from '../domain/agent-selection';
import { lockAgent } from '../locks';
import { OffersService } from '../offers/offers.service';

/** How often each api process refreshes the connections it holds. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
/** A connection not refreshed for this long belongs to a process that died. */
const CONNECTION_STALE_MS = 3 * PRESENCE_HEARTBEAT_MS;

const statusKey = (agentId: string) => `presence:status:${agentId}`;
const connectionsKey = (agentId: string) => `presence:conns:${agentId}`;

export type GraceOutcome = 'reconnected' | 'went_offline';

/**
 * Presence lives in Redis (fast, shared by every api and worker process, gone with its TTL when
 * nobody refreshes it) and is recorded in PostgreSQL (agent_profile.presence: the durable record
 * supervisors and reports read).
 *
 * - `presence:status:<id>`: `available` or `away`; absent = offline. Its TTL outlives the grace
 *   period and is refreshed by the heartbeat of any process holding a socket of the agent, so an
 *   agent whose api process crashed goes offline by itself.
 * - `presence:conns:<id>`: the agent's sockets on every process, scored by last heartbeat.
 *
 * A lost socket does not make the agent offline at once: when the last one goes, a delayed job
 * checks again after PRESENCE_GRACE_SECONDS, and a reconnect in between keeps the agent as it was
 * (a flaky Wi-Fi must not throw back every offer).
 */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger(PresenceService.name);

  constructor(
    private readonly dataSource: DataSource,
    @InjectRedis() private readonly redis: Redis,
    private readonly jobs: JobQueue,
    private readonly offers: OffersService,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Seconds the status key lives without a heartbeat: past the grace job, so the job decides. */
  private get statusTtlSeconds(): number {
    return Math.ceil(Math.max(60, this.config.PRESENCE_GRACE_SECONDS + 30));
  }

  async status(agentId: string): Promise<Presence> {
    return toPresence(await this.redis.get(statusKey(agentId)));
  }

  async statuses(agentIds: readonly string[]): Promise<Map<string, Presence>> {
    if (agentIds.length === 0) return new Map();
    const values = await this.redis.mget(...agentIds.map(statusKey));
    return new Map(agentIds.map((id, i) => [id, toPresence(values[i] ?? null)]));
  }

  /**
   * Sets an agent's presence. Written under the agent's capacity lock, so a dispatch that already
   * holds the lock finishes with the old presence and one waiting for it sees the new one. Going
   * available queues a dispatch of waiting contacts to the agent (outbox, same transaction); going
   * away or offline takes back the agent's pending offers, which move on to other agents.
   */
  async set(agentId: string, status: Presence, cause: string): Promise<Presence> {
    await this.change(agentId, status, cause);
    return status;
  }

  /**
   * The sweep after a crashed api process: an agent recorded available or away in PostgreSQL but
   * with no status left in Redis (nobody has heartbeated their sockets for the TTL) goes offline
   * through the same path as any other presence change, so their pending offers are revoked
   * (`agent_unavailable`) and re-dispatched. The normal disconnect path (grace job) never ran for
   * them, because the process that held their sockets died.
   */
  async reconcile(): Promise<{ checked: number; wentOffline: string[] }> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM agent_profile WHERE presence IN ('available', 'away')`,
    );
    const recorded = rows.map((r) => r.user_id);
    const live = await this.statuses(recorded);
    const wentOffline: string[] = [];
    for (const agentId of recorded.filter((id) => live.get(id) === 'offline')) {
      // Re-checked under the agent's lock: an agent who set a presence since the read keeps it.
      const changed = await this.change(
        agentId,
        'offline',
        'no live presence: the process holding their connection stopped',
        async () => (await this.redis.exists(statusKey(agentId))) === 0,
      ).catch((error: Error) => {
        this.logger.warn({ agentId, err: error.message }, 'presence reconciliation of an agent failed');
        return false;
      });
      if (changed) wentOffline.push(agentId);
    }
    if (wentOffline.length > 0) {
      this.logger.warn(
        { checked: recorded.length, wentOffline },
        'presence reconciled: agents without a live process set offline',
      );
    }
    return { checked: recorded.length, wentOffline };
  }

  /**
   * The one path of every presence change. `precondition` runs under the agent's lock; when it
   * answers false nothing changes (false is returned).
   */
  private async change(
    agentId: string,
    status: Presence,
    cause: string,
    precondition?: () => Promise<boolean>,
  ): Promise<boolean> {
    const changed = await this.dataSource.transaction(async (manager) => {
      await lockAgent(manager, agentId);
      if (precondition && !(await precondition())) return false;
      if (status === 'offline') await this.redis.del(statusKey(agentId));
      else await this.redis.set(statusKey(agentId), status, 'EX', this.statusTtlSeconds);
      await manager.query(
        `INSERT INTO agent_profile (user_id, presence, presence_changed_at) VALUES ($1, $2, now())
         ON CONFLICT (user_id) DO UPDATE SET presence = $2, presence_changed_at = now(), updated_at = now()`,
        [agentId, status],
      );
      if (status === 'available') {
        await writeOutbox(manager, JobName.DispatchAgent, `${JobName.DispatchAgent}.${agentId}.${randomUUID()}`, {
          agentId,
          cause: `available.${randomUUID()}`,
        });
      }
      return true;
    });
    if (!changed) return false;
    this.logger.log({ agentId, status, cause }, 'presence changed');
    this.notifier.toUser(agentId, 'presence', { status, reason: cause });
    if (status !== 'available') await this.offers.revokeForAgent(agentId, 'agent_unavailable');
    return true;
  }

  /** A socket of the agent connected: count it, and keep a status that survived the grace period. */
  async connected(agentId: string, socketId: string): Promise<Presence> {
    await this.redis
      .multi()
      .zadd(connectionsKey(agentId), Date.now(), socketId)
      .expire(connectionsKey(agentId), this.statusTtlSeconds)
      .expire(statusKey(agentId), this.statusTtlSeconds)
      .exec();
    return this.status(agentId);
  }

  /** A socket left; when it was the agent's last, the grace period starts. */
  async disconnected(agentId: string, socketId: string): Promise<void> {
    await this.redis.zrem(connectionsKey(agentId), socketId);
    if ((await this.liveConnections(agentId)) > 0) return;
    if ((await this.status(agentId)) === 'offline') return;
    const graceMs = this.config.PRESENCE_GRACE_SECONDS * 1000;
    // A timer in PostgreSQL, one per lost socket: a Redis restart during the grace cannot lose it.
    await this.jobs.enqueue(JobName.PresenceGrace, { agentId, socketId }, { runAt: new Date(Date.now() + graceMs) });
  }

  /** The grace period of a lost connection is over: offline unless the agent came back. */
  async graceExpired(agentId: string): Promise<GraceOutcome> {
    if ((await this.liveConnections(agentId)) > 0) return 'reconnected';
    await this.set(agentId, 'offline', `no connection for ${this.config.PRESENCE_GRACE_SECONDS} s`);
    return 'went_offline';
  }

  /** Refreshes the connections (and statuses) this process holds. */
  async heartbeat(connections: readonly { agentId: string; socketId: string }[]): Promise<void> {
    if (connections.length === 0) return;
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const { agentId, socketId } of connections) {
      pipeline.zadd(connectionsKey(agentId), now, socketId);
      pipeline.expire(connectionsKey(agentId), this.statusTtlSeconds);
      pipeline.expire(statusKey(agentId), this.statusTtlSeconds);
    }
    await pipeline.exec();
  }

  private async liveConnections(agentId: string): Promise<number> {
    const [, count] = (await this.redis
      .multi()
      .zremrangebyscore(connectionsKey(agentId), '-inf', Date.now() - CONNECTION_STALE_MS)
      .zcard(connectionsKey(agentId))
      .exec()) as [[Error | null, number], [Error | null, number]];
    return count[1];
  }
}

function toPresence(value: string | null): Presence {
  return value === 'available' || value === 'away' ? value : 'offline';
}
