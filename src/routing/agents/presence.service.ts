import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { AgentNotifier } from '../agent-notifier';
import type { Presence } from '../domain/agent-selection';
import { OffersService } from '../offers/offers.service';
import { AgentProfileRepository, RecordedPresence } from './agent-profile.repository';
import { AgentConnection, PresenceStore } from './presence.store';

/** How often each api process refreshes the connections it holds. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
/** A connection not refreshed for this long belongs to a process that died. */
const CONNECTION_STALE_MS = 3 * PRESENCE_HEARTBEAT_MS;
/**
 * The reconciliation leaves presence changes younger than this alone: a change's live status is
 * written right after its commit, and a sweep must not read the gap between the two as a crash.
 */
export const RECONCILE_SETTLE_MS = 2_000;

export type GraceOutcome = 'reconnected' | 'went_offline';

/**
 * Presence lives in the PresenceStore (Redis: fast, shared by every api and worker process, gone
 * with its TTL when nobody refreshes it) and is recorded in PostgreSQL (agent_profile.presence:
 * the durable record supervisors and reports read). The record is written first, in a unit of
 * work; the live value after it committed, so a rolled-back change leaves Redis as it was.
 *
 * An agent's status key outlives the grace period and is refreshed by the heartbeat of any process
 * holding a socket of the agent, so an agent whose api process crashed goes offline by itself.
 *
 * A lost socket does not make the agent offline at once: when the last one goes, a delayed job
 * checks again after PRESENCE_GRACE_SECONDS, and a reconnect in between keeps the agent as it was
 * (a flaky Wi-Fi must not throw back every offer).
 */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger(PresenceService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly store: PresenceStore,
    private readonly profiles: AgentProfileRepository,
    private readonly jobs: JobQueue,
    private readonly offers: OffersService,
    private readonly notifier: AgentNotifier,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Seconds the status key lives without a heartbeat: past the grace job, so the job decides. */
  private get statusTtlSeconds(): number {
    return Math.ceil(Math.max(60, this.config.PRESENCE_GRACE_SECONDS + 30));
  }

  status(agentId: string): Promise<Presence> {
    return this.store.status(agentId);
  }

  statuses(agentIds: readonly string[]): Promise<Map<string, Presence>> {
    return this.store.statuses(agentIds);
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
   * with no live status left (nobody has heartbeated their sockets for the TTL) goes offline
   * through the same path as any other presence change, so their pending offers are revoked
   * (`agent_unavailable`) and re-dispatched. The normal disconnect path (grace job) never ran for
   * them, because the process that held their sockets died.
   */
  async reconcile(): Promise<{ checked: number; wentOffline: string[] }> {
    const recorded = await this.profiles.recordedPresent();
    const settledBefore = this.clock.nowMs() - RECONCILE_SETTLE_MS;
    const settled = recorded.filter((r) => (r.changedAt?.getTime() ?? 0) <= settledBefore);
    const live = await this.store.statuses(settled.map((r) => r.agentId));
    const wentOffline: string[] = [];
    for (const record of settled.filter((r) => live.get(r.agentId) === 'offline')) {
      const changed = await this.change(
        record.agentId,
        'offline',
        'no live presence: the process holding their connection stopped',
        () => this.stillWithoutLivePresence(record),
      ).catch((error: Error) => {
        this.logger.warn({ agentId: record.agentId, err: error.message }, 'presence reconciliation of an agent failed');
        return false;
      });
      if (changed) wentOffline.push(record.agentId);
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
   * Re-checked under the agent's lock: an agent who set a presence since the sweep read the record
   * keeps it (the record changed), and so does one whose live status is back.
   */
  private async stillWithoutLivePresence(read: RecordedPresence): Promise<boolean> {
    const now = await this.profiles.presenceOf(read.agentId);
    if (now?.changedAt?.getTime() !== read.changedAt?.getTime() || now?.presence !== read.presence) return false;
    return !(await this.store.hasStatus(read.agentId));
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
    const changed = await this.unitOfWork.run(async () => {
      await this.profiles.lockCapacity(agentId);
      if (precondition && !(await precondition())) return false;
      const changedAt = await this.profiles.recordPresence(agentId, status);
      if (status === 'available') {
        // The change itself is the cause: a second change is a second dispatch, a redelivery is not.
        await this.jobs.enqueue(JobName.DispatchAgent, { agentId, cause: `available.${changedAt.getTime()}` });
      }
      this.unitOfWork.afterCommit(async () => {
        await this.store.write(agentId, status, this.statusTtlSeconds);
        this.logger.log({ agentId, status, cause }, 'presence changed');
        this.notifier.toUser(agentId, 'presence', { status, reason: cause });
      });
      return true;
    });
    if (!changed) return false;
    if (status !== 'available') await this.offers.revokeForAgent(agentId, 'agent_unavailable');
    return true;
  }

  /** A socket of the agent connected: count it, and keep a status that survived the grace period. */
  async connected(agentId: string, socketId: string): Promise<Presence> {
    await this.store.connect({ agentId, socketId }, this.clock.nowMs(), this.statusTtlSeconds);
    return this.status(agentId);
  }

  /** A socket left; when it was the agent's last, the grace period starts. */
  async disconnected(agentId: string, socketId: string): Promise<void> {
    await this.store.disconnect({ agentId, socketId });
    if ((await this.liveConnections(agentId)) > 0) return;
    if ((await this.status(agentId)) === 'offline') return;
    const graceMs = this.config.PRESENCE_GRACE_SECONDS * 1000;
    // A timer in PostgreSQL, one per lost socket: a Redis restart during the grace cannot lose it.
    await this.jobs.enqueue(JobName.PresenceGrace, { agentId, socketId }, { runAt: this.clock.in(graceMs) });
  }

  /** The grace period of a lost connection is over: offline unless the agent came back. */
  async graceExpired(agentId: string): Promise<GraceOutcome> {
    if ((await this.liveConnections(agentId)) > 0) return 'reconnected';
    await this.set(agentId, 'offline', `no connection for ${this.config.PRESENCE_GRACE_SECONDS} s`);
    return 'went_offline';
  }

  /** Refreshes the connections (and statuses) this process holds. */
  async heartbeat(connections: readonly AgentConnection[]): Promise<void> {
    await this.store.heartbeat(connections, this.clock.nowMs(), this.statusTtlSeconds);
  }

  private liveConnections(agentId: string): Promise<number> {
    return this.store.liveConnections(agentId, this.clock.nowMs() - CONNECTION_STALE_MS);
  }
}
