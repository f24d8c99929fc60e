import { WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Worker } from 'bullmq';

/** How long a stopping worker lets its running jobs finish before it closes anyway. */
export const WORKER_SHUTDOWN_GRACE_MS = 10_000;

/**
 * Stops every BullMQ worker of this process with a deadline. BullMQ's graceful close can wait
 * forever when its blocking connection was cut and re-established earlier (seen after a Redis
 * blip), and a stop that never ends is worse than a re-run job: jobs are idempotent, and one cut
 * short is picked up again by the stalled-job check. So: stop fetching, wait for the jobs in hand
 * up to the grace period, then force the close.
 */
@Injectable()
export class WorkerShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerShutdown.name);
  private readonly active = new Map<Worker, number>();

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const worker of this.workers()) {
      this.active.set(worker, 0);
      const settle = () => this.active.set(worker, Math.max(0, (this.active.get(worker) ?? 1) - 1));
      worker.on('active', () => this.active.set(worker, (this.active.get(worker) ?? 0) + 1));
      worker.on('completed', settle);
      worker.on('failed', settle);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const workers = [...this.active.keys()];
    await Promise.all(workers.map((w) => w.pause(true).catch(() => undefined)));
    const deadline = Date.now() + WORKER_SHUTDOWN_GRACE_MS;
    while (workers.some((w) => (this.active.get(w) ?? 0) > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const unfinished = workers.filter((w) => (this.active.get(w) ?? 0) > 0).map((w) => w.name);
    if (unfinished.length > 0) this.logger.warn(`closing with jobs still running in ${unfinished.join(', ')}`);
    await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
  }

  private workers(): Worker[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker);
  }
}
