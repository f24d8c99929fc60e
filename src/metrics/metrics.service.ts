import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QueueRegistry } from '../queues/queue-registry';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/**
 * Prometheus metrics of this process. Each app owns its registry (not prom-client's global one),
 * so several apps in one process, as in the tests, do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly jobsProcessed = new Counter({
    name: 'queue_jobs_processed_total',
    help: 'Jobs this process completed, by queue and job name',
    labelNames: ['queue', 'job'] as const,
    registers: [this.registry],
  });

  readonly jobsFailed = new Counter({
    name: 'queue_jobs_failed_total',
    help: 'Job attempts that failed in this process, by queue and job name',
    labelNames: ['queue', 'job'] as const,
    registers: [this.registry],
  });

  readonly mailSendsUncertain = new Counter({
    name: 'mail_sends_uncertain_total',
    help: 'Mails whose worker died mid-send: not sent again (at most once), look them up in mail_send',
    registers: [this.registry],
  });

  readonly contactsReceived = new Counter({
    name: 'contacts_received_total',
    help: 'Contacts accepted by intake, by medium (retries of a stored contact not counted)',
    labelNames: ['medium'] as const,
    registers: [this.registry],
  });

  constructor(private readonly queues: QueueRegistry) {
    collectDefaultMetrics({ register: this.registry });
    const queues_ = this.queues;
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs in each queue by state, read from Redis at scrape time',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const queue of queues_.all()) {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
