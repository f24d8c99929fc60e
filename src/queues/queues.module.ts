import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { QueueName } from './queue.constants';
import { QueueRegistry } from './queue-registry';
import { queueBackendOptions } from './queue-backend';

/** BullMQ on Redis, or on PostgreSQL without REDIS_URL (queue-backend.ts): every queue declared in QueueName. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => queueBackendOptions(config),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [QueueRegistry],
  exports: [BullModule, QueueRegistry],
})
export class QueuesModule {}
