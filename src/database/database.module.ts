import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, SystemClock } from '../common/clock';
import { AppConfig, APP_CONFIG, databaseUrlOf } from '../config/app-config';
import { OutboxJobQueue } from '../outbox/outbox-job-queue';
import { OutboxRepository } from '../outbox/outbox.repository';
import { JobCompletions } from '../queues/job-completions';
import { JobQueue } from '../queues/job-queue';
import { TimelineRepository } from '../timeline/timeline.repository';
import { dataSourceOptions } from './data-source-options';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';
import { UnitOfWork } from './unit-of-work';

/**
 * TypeORM on PostgreSQL (the schema is migrated before the app boots, see main.ts), and what every
 * module's services and repositories build on: the unit of work, the job queue on the outbox, the
 * timeline and the clock.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(
          databaseUrlOf(config),
          {
            connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
            statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
          },
          config.DATABASE_POOL_SIZE,
        ),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [
    TypeOrmUnitOfWork,
    { provide: UnitOfWork, useExisting: TypeOrmUnitOfWork },
    OutboxRepository,
    { provide: JobQueue, useClass: OutboxJobQueue },
    { provide: JobCompletions, useExisting: OutboxRepository },
    TimelineRepository,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [TypeOrmUnitOfWork, UnitOfWork, OutboxRepository, JobQueue, JobCompletions, TimelineRepository, Clock],
})
export class DatabaseModule {}
