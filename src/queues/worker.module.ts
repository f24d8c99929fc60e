import { Module } from '@nestjs/common';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { RoutingModule } from '../routing/routing.module';
import { IntakeProcessor } from './intake.processor';

/** What the worker role adds: the outbox relay and the queue processors. */
@Module({
  imports: [RoutingModule],
  providers: [OutboxRelay, IntakeProcessor],
  exports: [OutboxRelay],
})
export class WorkerModule {}
