import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { OutcomeDto, StageChangeView, StageMoveDto } from './deal.dto';
import { DealService } from './deal.service';

/** The opportunity lifecycle: stage moves and outcomes by the lead's owner (CONTRACT.md, Deals). */
@ApiTags('deals')
@ApiBearerAuth()
@Controller('leads')
export class DealController {
  constructor(private readonly deals: DealService) {}

  @Patch(':id')
  @ApiOperation({ summary: "Moves the lead's maturity stage (owner, supervisor, admin), without re-routing it" })
  @ApiOkResponse({ type: StageChangeView })
  move(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: StageMoveDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StageChangeView> {
    return this.deals.moveStage(principal, id, dto);
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @ApiOperation({ summary: 'Closes the lead won or lost (owner, supervisor, admin)' })
  @ApiOkResponse({ type: StageChangeView })
  outcome(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: OutcomeDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StageChangeView> {
    return this.deals.recordOutcome(principal, id, dto);
  }
}
