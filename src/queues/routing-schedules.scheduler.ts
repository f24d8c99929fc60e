import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, InjectConfig } from '../config/app-config';
import { JOB_CATALOGUE, ScheduledJobName } from './job-catalogue';
import { JobName } from './queue.constants';
import { QueueRegistry } from './queue-registry';

/** The interval of each repeatable job, from the configuration. */
const EVERY_SECONDS: Record<ScheduledJobName, (config: AppConfig) => number> = {
  [JobName.CheckStalledLeads]: (c) => c.STALL_CHECK_INTERVAL_SECONDS,
  [JobName.ReconcilePresence]: (c) => c.PRESENCE_RECONCILE_INTERVAL_SECONDS,
  [JobName.SupervisorHeartbeat]: (c) => c.SUPERVISOR_HEARTBEAT_SECONDS,
  [JobName.CompactReportDays]: (c) => c.REPORT_COMPACTION_INTERVAL_SECONDS,
  [JobName.RollReports]: (c) => c.REPORTS_ROLL_INTERVAL_SECONDS,
};

/** Schedulers of jobs that no longer exist, removed at start so none lingers in Redis. */
const RETIRED_SCHEDULERS = ['routing.overdue-timers'] as const;

/**
 * Registers the repeatable jobs of the catalogue (worker role). BullMQ's job scheduler is keyed by
 * id, so every worker upserting them at start keeps exactly one schedule each across the cluster
 * (one sweep per interval, not one per worker), and a changed interval replaces the old one.
 */
@Injectable()
export class RoutingSchedulesScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RoutingSchedulesScheduler.name);

  constructor(
    private readonly queues: QueueRegistry,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const job of Object.keys(EVERY_SECONDS) as ScheduledJobName[]) {
      const definition = JOB_CATALOGUE[job];
      const every = Math.round(EVERY_SECONDS[job](this.config) * 1000);
      await this.queues.get(definition.queue).upsertJobScheduler(
        definition.schedulerId,
        { every },
        {
          name: job,
          data: {},
          opts: definition.options({ mailRetryBaseMs: this.config.MAIL_RETRY_BASE_MS }),
        },
      );
      this.logger.log({ scheduler: definition.schedulerId, everyMs: every }, 'repeatable job scheduled');
    }
    for (const id of RETIRED_SCHEDULERS) {
      for (const queue of this.queues.all()) await queue.removeJobScheduler(id);
    }
  }
}
