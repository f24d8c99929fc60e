import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { AgentProfileView, PutAgentProfileDto } from './agent-profile.dto';
import { AgentProfilesService } from './agent-profiles.service';

/** Routing profiles: capacity per medium, territories and industries, live presence and load. */
@ApiTags('routing')
@ApiBearerAuth()
@Controller('routing/agents')
export class AgentProfilesController {
  constructor(private readonly profiles: AgentProfilesService) {}

  @Get()
  @Roles('supervisor')
  @ApiOkResponse({ type: [AgentProfileView] })
  list(): Promise<AgentProfileView[]> {
    return this.profiles.list();
  }

  @Get(':id/profile')
  @Roles('supervisor')
  @ApiOkResponse({ type: AgentProfileView })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<AgentProfileView> {
    return this.profiles.get(id);
  }

  @Put(':id/profile')
  @Roles('admin')
  @ApiOkResponse({ type: AgentProfileView })
  put(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: PutAgentProfileDto): Promise<AgentProfileView> {
    return this.profiles.put(id, dto);
  }
}
