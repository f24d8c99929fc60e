import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import { HandoffService } from './handoff.service';
import { HandoffDecisionDto, LeadSummaryView, LeadView, ListLeadsQuery } from './leads.dto';
import { LeadsService } from './leads.service';
import { StallDetectionService } from './stall-detection.service';

/** Leads for staff: `GET /leads/:id` (CONTRACT.md), `GET /leads?stalled=true`, and handoff decisions over HTTP. */
@ApiTags('leads')
@ApiBearerAuth()
@Controller()
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly handoffs: HandoffService,
    private readonly stalls: StallDetectionService,
  ) {}

  @Get('leads')
  @ApiOkResponse({ type: [LeadSummaryView] })
  list(@Query() query: ListLeadsQuery, @CurrentPrincipal() principal: Principal): Promise<LeadSummaryView[]> {
    return this.leads.list(query, principal);
  }

  @Get('leads/:id')
  @ApiOkResponse({ type: LeadView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<LeadView> {
    return this.leads.get(id, principal);
  }

  /** Runs the stall check now (it also runs on its own schedule, STALL_CHECK_INTERVAL_SECONDS). */
  @Post('leads/stall-check')
  @Roles('supervisor')
  @HttpCode(200)
  async stallCheck(): Promise<{ flagged: number }> {
    return { flagged: await this.stalls.check() };
  }

  /** The same as the socket's `handoff:accept`, for a deal specialist away from the console. */
  @Post('handoffs/:id/accept')
  @Roles('deal_specialist')
  @HttpCode(200)
  accept(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    return this.handoffs.accept(principal, id);
  }

  @Post('handoffs/:id/decline')
  @Roles('deal_specialist')
  @HttpCode(200)
  async decline(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: HandoffDecisionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ handoffId: string; status: 'declined' }> {
    await this.handoffs.decline(principal, id, dto.reason);
    return { handoffId: id, status: 'declined' };
  }
}
