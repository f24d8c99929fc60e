import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { PipelineQuery, PipelineView, PlanView, PutPlanDto } from './pipeline.dto';
import { PipelineService } from './pipeline.service';

/** The maturity index as a pipeline, and the sales plans it is measured against. */
@ApiTags('deals')
@ApiBearerAuth()
@Controller()
export class PipelineController {
  constructor(private readonly pipelines: PipelineService) {}

  @Get('pipeline')
  @Roles('agent', 'deal_specialist', 'supervisor')
  @ApiOperation({ summary: 'Counts, amounts, stalled leads and age per stage; coverage of the period plan' })
  @ApiOkResponse({ type: PipelineView })
  pipeline(@Query() query: PipelineQuery, @CurrentPrincipal() principal: Principal): Promise<PipelineView> {
    return this.pipelines.pipeline(principal, query);
  }

  @Put('plans/:period')
  @Roles('supervisor')
  @ApiParam({ name: 'period', example: '2027-Q1' })
  @ApiOperation({ summary: 'Sets the sales target of a quarter, company-wide or for one owner' })
  @ApiOkResponse({ type: PlanView })
  putPlan(
    @Param('period') period: string,
    @Body() dto: PutPlanDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PlanView> {
    return this.pipelines.putPlan(principal, period, dto);
  }
}
