import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthProbe } from './health-probe';

@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [HealthProbe] })
export class HealthModule {}
