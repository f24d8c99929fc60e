import { Module } from '@nestjs/common';
import { SupervisorController } from './supervisor.controller';
import { SupervisorService } from './supervisor.service';

/** `GET /supervisor/overview`: queues, contacts by status and channel, waits against the SLA, agents. */
@Module({ controllers: [SupervisorController], providers: [SupervisorService] })
export class SupervisorModule {}
