import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import {
  ExpertRecordView,
  InvitationDecisionDto,
  InviteExpertDto,
  RankedExpertView,
  TeamMemberView,
  TeamView,
} from './proposal-team.dto';
import { ProposalTeamService } from './proposal-team.service';

/** Proposal teams of experts (CONTRACT.md, Deals). */
@ApiTags('deals')
@ApiBearerAuth()
@Controller()
export class ProposalTeamController {
  constructor(private readonly teams: ProposalTeamService) {}

  @Get('leads/:id/experts')
  @ApiOperation({ summary: 'Experts ranked for the lead by fit, smoothed win rate and load, each with why' })
  @ApiOkResponse({ type: [RankedExpertView] })
  experts(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal): Promise<RankedExpertView[]> {
    return this.teams.rank(p, id);
  }

  @Post('leads/:id/team')
  @ApiOperation({ summary: "Invites an expert to the lead's proposal team (socket team:invitation and a mail)" })
  @ApiOkResponse({ type: TeamMemberView })
  invite(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: InviteExpertDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TeamMemberView> {
    return this.teams.invite(p, id, dto);
  }

  @Get('leads/:id/team')
  @ApiOkResponse({ type: TeamView })
  team(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal): Promise<TeamView> {
    return this.teams.team(p, id);
  }

  @Post('team-invitations/:id/accept')
  @HttpCode(200)
  @Roles('expert')
  @ApiOkResponse({ type: TeamMemberView })
  accept(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: InvitationDecisionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TeamMemberView> {
    return this.teams.decide(p, id, 'accepted', dto.reason);
  }

  @Post('team-invitations/:id/decline')
  @HttpCode(200)
  @Roles('expert')
  @ApiOkResponse({ type: TeamMemberView })
  decline(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: InvitationDecisionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<TeamMemberView> {
    return this.teams.decide(p, id, 'declined', dto.reason);
  }

  @Get('experts/:id')
  @ApiOperation({ summary: "An expert's record: invited, accepted, proposals, won, lost, win rate" })
  @ApiOkResponse({ type: ExpertRecordView })
  record(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal): Promise<ExpertRecordView> {
    return this.teams.record(p, id);
  }
}
