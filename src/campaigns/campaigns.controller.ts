import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import {
  CampaignTargetView,
  CampaignView,
  CreateCampaignDto,
  ListCampaignsQuery,
  ListTargetsQuery,
  UpdateCampaignDto,
} from './campaign.dto';
import { CampaignsService } from './campaigns.service';

/** Outbound campaigns, run by supervisors: Demand Generation invitations and e-Coverage account calls. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Creates a draft campaign (with its seminar, for an invitation)' })
  @ApiCreatedResponse({ type: CampaignView })
  create(@Body() dto: CreateCampaignDto, @CurrentPrincipal() p: Principal): Promise<CampaignView> {
    return this.campaigns.create(p, dto);
  }

  @Get()
  @Roles('supervisor')
  @ApiOkResponse({ type: [CampaignView] })
  list(@Query() query: ListCampaignsQuery): Promise<CampaignView[]> {
    return this.campaigns.list(query);
  }

  @Get(':id')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'The campaign with its progress: targets by state and disposition, attempts, registrations, leads',
  })
  @ApiOkResponse({ type: CampaignView })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<CampaignView> {
    return this.campaigns.get(id);
  }

  @Patch(':id')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Starts, pauses, resumes or ends the campaign (draft -> active <-> paused -> done)' })
  @ApiOkResponse({ type: CampaignView })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateCampaignDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<CampaignView> {
    return this.campaigns.setStatus(p, id, dto);
  }

  @Get(':id/targets')
  @Roles('supervisor')
  @ApiOkResponse({ type: [CampaignTargetView] })
  targets(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListTargetsQuery,
  ): Promise<CampaignTargetView[]> {
    return this.campaigns.listTargets(id, query);
  }
}
