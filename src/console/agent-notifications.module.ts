import { Global, Module } from '@nestjs/common';
import { AgentNotifier } from '../routing/agent-notifier';
import { RedisEmitterAgentNotifier } from './redis-emitter-agent-notifier';

/** Binds routing's AgentNotifier port to socket.io (through Redis), in every process role. */
@Global()
@Module({
  providers: [{ provide: AgentNotifier, useClass: RedisEmitterAgentNotifier }],
  exports: [AgentNotifier],
})
export class AgentNotificationsModule {}
