import { DynamicModule, Module, Type } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuthModule } from './auth/auth.module';
import { BusinessHoursModule } from './business-hours/business-hours.module';
import { CallbacksModule } from './callbacks/callbacks.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { CampaignOutreachModule } from './campaigns/campaign-outreach.module';
import { ChannelsModule } from './channels/channels.module';
import { loggerParams } from './common/logging';
import { RedisThrottlerStorage } from './common/redis-throttler.storage';
import { AppConfig, APP_CONFIG } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConsoleWebModule } from './console/console-web.module';
import { AgentNotificationsModule } from './console/agent-notifications.module';
import { AgentsGatewayModule } from './console/agents-gateway.module';
import { CatalogModule } from './catalog/catalog.module';
import { RoutingModule } from './routing/routing.module';
import { ContactsModule } from './contacts/contacts.module';
import { CustomersModule } from './customers/customers.module';
import { ConversationsModule } from './conversations/conversations.module';
import { DatabaseModule } from './database/database.module';
import { DealsModule } from './deals/deals.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueuesModule } from './queues/queues.module';
import { ReportsModule } from './reports/reports.module';
import { WorkerModule } from './queues/worker.module';
import { REDIS, RedisModule, RUNTIME_PG_POOL } from './redis/redis.module';
import { PostgresThrottlerStorage } from './common/postgres-throttler.storage';
import type { Pool } from 'pg';
import { SoftphoneModule } from './softphone/softphone.module';
import { StorageModule } from './storage/storage.module';
import { SupervisorModule } from './supervisor/supervisor.module';
import { UsersModule } from './users/users.module';
import type Redis from 'ioredis';

/**
 * The composition root. `api` serves HTTP, socket.io and the SMTP intake; `worker` runs the outbox relay
 * and the queue processors; `all` (the default) does both in one process.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const worker: Type[] = config.PROCESS_ROLE === 'api' ? [] : [WorkerModule];
    // The socket.io gateway serves consoles from api processes; any role notifies them (Redis emitter).
    const gateway: Type[] = config.PROCESS_ROLE === 'worker' ? [] : [AgentsGatewayModule];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        RedisModule,
        StorageModule,
        DatabaseModule,
        QueuesModule,
        MetricsModule,
        ThrottlerModule.forRootAsync({
          inject: [APP_CONFIG, REDIS, RUNTIME_PG_POOL],
          useFactory: (cfg: AppConfig, redis: Redis | null, pool: Pool | null) => ({
            throttlers: [
              // `default` is the web form's limit, so 429 answers carry a plain Retry-After header.
              {
                name: 'default',
                ttl: 60_000,
                limit: Math.max(cfg.INQUIRY_RATE_LIMIT, 1),
                skipIf: () => cfg.INQUIRY_RATE_LIMIT === 0,
              },
              // Per client address; each account is also locked after repeated failures (LoginLockService).
              { name: 'login', ttl: 60_000, limit: cfg.LOGIN_RATE_LIMIT },
            ],
            storage: redis ? new RedisThrottlerStorage(redis) : new PostgresThrottlerStorage(pool as Pool),
          }),
        }),
        UsersModule,
        AuthModule,
        ContactsModule,
        AttachmentsModule,
        ChannelsModule,
        HealthModule,
        SoftphoneModule,
        SupervisorModule,
        ReportsModule,
        ConsoleWebModule,
        AgentNotificationsModule,
        RoutingModule,
        CatalogModule,
        CallbacksModule,
        CustomersModule,
        ConversationsModule,
        DealsModule,
        BusinessHoursModule,
        CampaignsModule,
        CampaignOutreachModule,
        ...gateway,
        ...worker,
      ],
    };
  }
}
