import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { SupervisorOverview } from './supervisor.dto';
import { SupervisorService } from './supervisor.service';

@ApiTags('supervisor')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('supervisor')
export class SupervisorController {
  constructor(private readonly supervisor: SupervisorService) {}

  /** JSON for the console's supervisor page (GET /metrics is the Prometheus text for machines). */
  @Get('overview')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: SupervisorOverview })
  overview(): Promise<SupervisorOverview> {
    return this.supervisor.overview();
  }
}
