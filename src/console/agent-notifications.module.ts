import { Global, Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { RUNTIME_PG_POOL } from '../redis/redis.module';
import { runtimeBackendOf } from '../redis/runtime-mode';
import { AgentNotifier } from '../routing/agent-notifier';
import { PostgresAgentNotifier } from './postgres-agent-notifier';
import { RedisEmitterAgentNotifier } from './redis-emitter-agent-notifier';

/** Binds routing's AgentNotifier port to socket.io (through Redis, or PostgreSQL without it), in every process role. */
@Global()
@Module({
  providers: [
    {
      provide: AgentNotifier,
      inject: [APP_CONFIG, RUNTIME_PG_POOL],
      useFactory: (config: AppConfig, pool: Pool | null): AgentNotifier =>
        runtimeBackendOf(config) === 'redis'
          ? new RedisEmitterAgentNotifier(config)
          : new PostgresAgentNotifier(pool as Pool, config),
    },
  ],
  exports: [AgentNotifier],
})
export class AgentNotificationsModule {}
