import { BusinessHoursModule } from '../business-hours/business-hours.module';
import { Module } from '@nestjs/common';
import { BreachLedger, SharedBreachLedger } from './breach-ledger';
import { SlaMonitor } from './sla-monitor.service';
import { SupervisorFeed } from './supervisor-feed.service';
import { SupervisorReadRepository } from './supervisor-read.repository';
import { SupervisorController } from './supervisor.controller';
import { SupervisorService } from './supervisor.service';

/**
 * `GET /supervisor/overview` (queues, contacts by status and channel, waits against the SLA,
 * agents) and its live pushes: `supervisor:overview` on change and heartbeat, `sla:breach` once.
 * Loaded in every role: any process's routing changes trigger a push.
 */
@Module({
  imports: [BusinessHoursModule],
  controllers: [SupervisorController],
  providers: [
    SupervisorService,
    SupervisorFeed,
    SlaMonitor,
    SupervisorReadRepository,
    { provide: BreachLedger, useClass: SharedBreachLedger },
  ],
  exports: [SupervisorFeed],
})
export class SupervisorModule {}
