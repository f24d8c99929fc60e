import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, InjectConfig } from '../config/app-config';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName } from './queue.constants';
import { QueueRegistry } from './queue-registry';

const SCHEDULER_ID = 'routing.stall-check';

/**
 * Registers the repeatable stall check (every STALL_CHECK_INTERVAL_SECONDS). BullMQ's job
 * scheduler is keyed by id, so every worker upserting it at start keeps exactly one schedule, and
 * a changed interval replaces the old one.
 */
@Injectable()
export class StallCheckScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(StallCheckScheduler.name);

  constructor(
    private readonly queues: QueueRegistry,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = Math.round(this.config.STALL_CHECK_INTERVAL_SECONDS * 1000);
    await this.queues.get(QueueName.Routing).upsertJobScheduler(
      SCHEDULER_ID,
      { every },
      {
        name: JobName.CheckStalledLeads,
        data: {},
        opts: { attempts: 1, removeOnComplete: DEFAULT_JOB_OPTIONS.removeOnComplete, removeOnFail: { age: 24 * 3600 } },
      },
    );
    this.logger.log({ everyMs: every }, 'stall check scheduled');
  }
}
