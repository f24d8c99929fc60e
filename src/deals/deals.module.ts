import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { PipelineController } from './pipeline.controller';
import { PipelineService } from './pipeline.service';
import { SalesPlanRepository } from './sales-plan.repository';

/**
 * The deal desk around a lead after its handoff: the pipeline and sales plans (the company-wide
 * maturity index), proposal teams of experts, and the back office's paperwork.
 */
@Module({
  imports: [RoutingModule],
  controllers: [PipelineController],
  providers: [SalesPlanRepository, PipelineService],
})
export class DealsModule {}
