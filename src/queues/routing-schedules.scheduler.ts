import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, InjectConfig } from '../config/app-config';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName } from './queue.constants';
import { QueueRegistry } from './queue-registry';

/** A repeatable routing job: its scheduler id, the job, and its interval from the configuration. */
interface Schedule {
  id: string;
  job: JobName.CheckStalledLeads | JobName.ReconcilePresence | JobName.SupervisorHeartbeat | JobName.SweepOverdueTimers;
  everySeconds: (config: AppConfig) => number;
}

const SCHEDULES: readonly Schedule[] = [
  { id: 'routing.stall-check', job: JobName.CheckStalledLeads, everySeconds: (c) => c.STALL_CHECK_INTERVAL_SECONDS },
  {
    id: 'routing.presence-reconcile',
    job: JobName.ReconcilePresence,
    everySeconds: (c) => c.PRESENCE_RECONCILE_INTERVAL_SECONDS,
  },
  {
    // Same cadence as the presence sweep: both repair what a lost Redis or a dead process left.
    id: 'routing.overdue-timers',
    job: JobName.SweepOverdueTimers,
    everySeconds: (c) => c.PRESENCE_RECONCILE_INTERVAL_SECONDS,
  },
  {
    id: 'supervisor.heartbeat',
    job: JobName.SupervisorHeartbeat,
    everySeconds: (c) => c.SUPERVISOR_HEARTBEAT_SECONDS,
  },
];

/**
 * Registers routing's repeatable jobs (worker role). BullMQ's job scheduler is keyed by id, so
 * every worker upserting them at start keeps exactly one schedule each across the cluster (one
 * sweep per interval, not one per worker), and a changed interval replaces the old one.
 */
@Injectable()
export class RoutingSchedulesScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RoutingSchedulesScheduler.name);

  constructor(
    private readonly queues: QueueRegistry,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.get(QueueName.Routing);
    for (const schedule of SCHEDULES) {
      const every = Math.round(schedule.everySeconds(this.config) * 1000);
      await queue.upsertJobScheduler(
        schedule.id,
        { every },
        {
          name: schedule.job,
          data: {},
          // A missed run is simply the next one: no retries, failures kept a day for the dashboard.
          opts: {
            attempts: 1,
            removeOnComplete: DEFAULT_JOB_OPTIONS.removeOnComplete,
            removeOnFail: { age: 24 * 3600 },
          },
        },
      );
      this.logger.log({ scheduler: schedule.id, everyMs: every }, 'repeatable job scheduled');
    }
  }
}
