import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { Clock } from '../common/clock';
import { AppConfig, databaseUrlOf, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { jobOptionsFor } from '../queues/job-catalogue';
import type { QueueName } from '../queues/queue.constants';
import { QueueRegistry } from '../queues/queue-registry';
import { OutboxRepository, OutboxRow } from './outbox.repository';

const BATCH_SIZE = 200;
const PRUNE_BATCH = 1000;
/** Pruning is housekeeping: every ten minutes per process is plenty. */
const PRUNE_EVERY_MS = 10 * 60_000;
/** The relay wakes itself for the next timer only this far ahead; the sweep covers anything later. */
const TIMER_LOOKAHEAD_MS = 60_000;

/**
 * Moves committed outbox rows into BullMQ. It wakes on PostgreSQL's NOTIFY (sent by a trigger when
 * a transaction that wrote to the outbox commits), so a new contact is queued within milliseconds,
 * and sweeps on a timer for anything a notification missed (Redis down, relay restarted).
 *
 * Timers (rows with a due time: offer timeouts, handoff SLAs, presence grace, follow-ups, retry
 * delays) stay in PostgreSQL until due; the relay wakes itself for the next one and publishes it
 * then, as a job to run at once. So there is one home for a timer, and Redis never holds one long
 * enough to lose it.
 *
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers relay without doubling up; a
 * row is marked published only after BullMQ accepted its job, and job ids are deterministic, so a
 * crash in between at worst re-adds a job BullMQ already has.
 *
 * Published is not done. Redis may lose an accepted job (a restart without persistence, a
 * failover, a flush): the row would say "published" and nothing would ever run it. So a row is
 * done only when its processor says so (JobProcessor marks `done_at` once the handler returned or
 * the job gave up), and on each sweep the relay looks at rows published more than
 * OUTBOX_REDELIVER_AFTER_MS ago and not done, and asks BullMQ for their job by its id:
 * - gone: Redis lost it; the relay adds it again, same id, same options;
 * - completed or failed (a dead letter): the work ended but the mark did not land; marked done;
 * - waiting, delayed (a retry's backoff), active: still on its way; touched (`published_at` =
 *   now) to be looked at again after the same bound.
 * This covers every outbox job, present and future, with one rule, instead of a reconciler per
 * kind of state; handlers are idempotent, so a job run twice (lost after its work committed)
 * finds its work done and stops.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: Client | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private nextTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastPrune = 0;
  private lastRedeliver = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly queues: QueueRegistry,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.sweepTimer = setInterval(() => {
      this.kick();
      this.pruneNowAndThen();
    }, this.config.OUTBOX_SWEEP_MS);
    this.sweepTimer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.nextTimer) clearTimeout(this.nextTimer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  /**
   * Deletes published rows older than OUTBOX_RETENTION_HOURS, in batches, unpublished ones never.
   * Several workers may prune at once: they delete disjoint or already-deleted rows, harmlessly.
   */
  async prune(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.outbox.deletePublishedBefore(this.config.OUTBOX_RETENTION_HOURS, PRUNE_BATCH);
      total += count;
      if (count < PRUNE_BATCH) return total;
    }
  }

  private pruneNowAndThen(): void {
    const now = this.clock.nowMs();
    if (this.stopped || now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.prune().catch((error: Error) => this.logger.warn(`outbox prune will retry: ${error.message}`));
  }

  /** Starts a drain, or asks the running one to go around once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drainLoop().finally(() => {
      this.running = null;
    });
  }

  /** Relays everything due now; resolves when done (used by tests and at shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.relayBatch();
      total += moved;
      if (moved < BATCH_SIZE) return total;
    }
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.drain();
        await this.redeliverNowAndThen();
        await this.wakeForNextTimer();
      } catch (error) {
        this.logger.warn(`outbox relay will retry: ${(error as Error).message}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** At most once per sweep interval: a NOTIFY storm must not turn into a storm of look-ups. */
  private async redeliverNowAndThen(): Promise<void> {
    const now = this.clock.nowMs();
    if (now - this.lastRedeliver < this.config.OUTBOX_SWEEP_MS) return;
    this.lastRedeliver = now;
    await this.redeliver();
  }

  /**
   * Looks up the jobs of rows published longer than OUTBOX_REDELIVER_AFTER_MS ago and not done,
   * re-adds those Redis lost and marks done those that ended. Returns how many were re-added.
   */
  async redeliver(): Promise<number> {
    let readded = 0;
    for (let round = 0; round < 10; round++) {
      const { looked, lost } = await this.redeliverBatch();
      readded += lost;
      if (looked < BATCH_SIZE) break;
    }
    return readded;
  }

  private redeliverBatch(): Promise<{ looked: number; lost: number }> {
    return this.unitOfWork.run(async () => {
      const before = new Date(this.clock.nowMs() - this.config.OUTBOX_REDELIVER_AFTER_MS);
      const rows = await this.outbox.claimUndone(before, BATCH_SIZE);
      if (rows.length === 0) return { looked: 0, lost: 0 };
      const lost: OutboxRow[] = [];
      const ended: string[] = [];
      const onTheirWay: string[] = [];
      // One round trip a row, all in flight together (ioredis pipelines them): the rows stay locked
      // meanwhile, so this must not take 2 x 200 sequential round trips.
      const states = await Promise.all(rows.map((row) => this.queues.get(row.queue).getJobState(row.job_id)));
      for (const [i, row] of rows.entries()) {
        const state = states[i];
        if (state === 'unknown') lost.push(row);
        else if (state === 'completed' || state === 'failed') ended.push(row.id);
        else onTheirWay.push(row.id);
      }
      await this.publish(lost);
      await this.outbox.markDoneByIds(ended);
      await this.outbox.markPublished([...lost.map((r) => r.id), ...onTheirWay]);
      if (lost.length > 0) {
        this.logger.warn(
          { count: lost.length, jobs: lost.slice(0, 5).map((r) => r.job_id) },
          'outbox jobs Redis no longer had were added again',
        );
      }
      return { looked: rows.length, lost: lost.length };
    });
  }

  /** Sets one wake-up for the next timer due within the lookahead (the sweep catches the rest). */
  private async wakeForNextTimer(): Promise<void> {
    const now = this.clock.now();
    const due = await this.outbox.nextDueAfter(now);
    if (this.nextTimer) clearTimeout(this.nextTimer);
    this.nextTimer = null;
    if (!due || this.stopped) return;
    const inMs = due.getTime() - now.getTime();
    if (inMs > TIMER_LOOKAHEAD_MS) return;
    this.nextTimer = setTimeout(() => this.kick(), Math.max(0, inMs) + 5);
    this.nextTimer.unref();
  }

  private relayBatch(): Promise<number> {
    return this.unitOfWork.run(async () => {
      const rows = await this.outbox.claimDue(this.clock.now(), BATCH_SIZE);
      if (rows.length === 0) return 0;
      await this.publish(rows);
      await this.outbox.markPublished(rows.map((r) => r.id));
      return rows.length;
    });
  }

  /** Adds the rows' jobs to BullMQ, one bulk call per queue, with their deterministic ids. */
  private async publish(rows: readonly OutboxRow[]): Promise<void> {
    const byQueue = new Map<QueueName, OutboxRow[]>();
    for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
    for (const [queue, batch] of byQueue) {
      await this.queues.get(queue).addBulk(
        batch.map((row) => ({
          name: row.job_name,
          data: row.payload,
          opts: {
            ...jobOptionsFor(row.job_name, { mailRetryBaseMs: this.config.MAIL_RETRY_BASE_MS }),
            jobId: row.job_id,
          },
        })),
      );
    }
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: databaseUrlOf(this.config) });
    client.on('notification', () => this.kick());
    client.on('error', (error: Error) => {
      // The sweep keeps the relay going; reconnect the listener in the background.
      this.logger.warn(`outbox listener lost: ${error.message}`);
      this.listener = null;
      void client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query('LISTEN outbox');
    this.listener = client;
  }
}
