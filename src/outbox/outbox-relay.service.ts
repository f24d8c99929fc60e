import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, InjectConfig } from '../config/app-config';
import { jobOptionsFor, QueueName } from '../queues/queue.constants';
import { QueueRegistry } from '../queues/queue-registry';

const BATCH_SIZE = 200;
const PRUNE_BATCH = 1000;
/** Pruning is housekeeping: every ten minutes per process is plenty. */
const PRUNE_EVERY_MS = 10 * 60_000;

interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: string;
  job_id: string;
  payload: Record<string, unknown>;
  /** Not before this instant (a delayed job); null to run at once. */
  run_at: Date | null;
}

/**
 * Moves committed outbox rows into BullMQ. It wakes on PostgreSQL's NOTIFY (sent by a trigger when
 * a transaction that wrote to the outbox commits), so a new contact is queued within milliseconds,
 * and sweeps on a timer for anything a notification missed (Redis down, relay restarted).
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers relay without doubling up; a
 * row marked published only after BullMQ accepted its job, and job ids are deterministic, so a
 * crash in between at worst re-adds a job BullMQ already has.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener: Client | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
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
      const deleted = await this.dataSource.query<[unknown[], number]>(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE published_at < now() - make_interval(hours => $1) LIMIT $2)`,
        [this.config.OUTBOX_RETENTION_HOURS, PRUNE_BATCH],
      );
      const count = deleted[1];
      total += count;
      if (count < PRUNE_BATCH) return total;
    }
  }

  private pruneNowAndThen(): void {
    if (this.stopped || Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
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

  /** Relays everything pending now; resolves when done (used by tests and at shutdown). */
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
      } catch (error) {
        this.logger.warn(`outbox relay will retry: ${(error as Error).message}`);
        return;
      }
    } while (this.again && !this.stopped);
  }

  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, queue, job_name, job_id, payload, run_at FROM outbox
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
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
              // The delay counts from now, so a row relayed late still fires at its instant (or at once).
              ...(row.run_at ? { delay: Math.max(0, new Date(row.run_at).getTime() - Date.now()) } : {}),
            },
          })),
        );
      }
      await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL });
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
