import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { Clock } from '../common/clock';
import { AppConfig, InjectConfig } from '../config/app-config';
import { InjectRedis } from '../redis/redis.module';

const CHECK_TIMEOUT_MS = 1500;

export interface HealthReport {
  httpStatus: 200 | 503;
  body: Record<string, unknown>;
  checkedAt: Date;
}

/**
 * Checks what is in use (PostgreSQL, and Redis when REDIS_URL is set) in the background, every
 * HEALTH_PROBE_INTERVAL_MS, so GET /health answers from memory instead of paying a PostgreSQL and
 * a Redis round trip per call (a load balancer's probes and a dashboard's polling cost nothing).
 * A report older than three intervals is not trusted: the next GET checks again itself.
 */
@Injectable()
export class HealthProbe implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HealthProbe.name);
  private latest: HealthReport | null = null;
  private running: Promise<HealthReport> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis | null,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.probe();
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** The latest report, or a fresh one when there is none recent enough. */
  async report(): Promise<HealthReport> {
    const latest = this.latest;
    const maxAgeMs = 3 * this.config.HEALTH_PROBE_INTERVAL_MS;
    if (latest && this.clock.nowMs() - latest.checkedAt.getTime() <= maxAgeMs) return latest;
    return this.probe();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.probe().finally(() => this.schedule());
    }, this.config.HEALTH_PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  /** One check at a time: callers arriving during a check share it. */
  private probe(): Promise<HealthReport> {
    this.running ??= this.check().finally(() => (this.running = null));
    return this.running;
  }

  private async check(): Promise<HealthReport> {
    let report: HealthReport;
    try {
      const body = (await this.runChecks()) as unknown as Record<string, unknown>;
      report = { httpStatus: 200, body, checkedAt: this.clock.now() };
    } catch (error) {
      // Terminus reports a failed check as an exception carrying the whole report.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      report = { httpStatus: 503, body: error.getResponse() as Record<string, unknown>, checkedAt: this.clock.now() };
    }
    if (this.latest && this.latest.httpStatus !== report.httpStatus) {
      this.logger.warn(
        { status: report.httpStatus === 200 ? 'ok' : 'error', details: report.body.details },
        'health changed',
      );
    }
    this.latest = report;
    return report;
  }

  private runChecks() {
    const redis = this.redis;
    return this.health.check([
      () => this.database.pingCheck('postgresql').withTimeout(CHECK_TIMEOUT_MS),
      ...(redis
        ? [
            () =>
              this.indicators
                .check('redis')
                .attempt(async () => {
                  const answer: string = await redis.ping();
                  if (answer !== 'PONG') throw new Error(`unexpected answer ${answer}`);
                })
                .withTimeout(CHECK_TIMEOUT_MS),
          ]
        : []),
    ]);
  }
}
