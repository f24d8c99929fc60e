import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { CallbackTaskView, ListCallbackTasksQuery, UpdateCallbackTaskDto } from './callback-task.dto';
import { CallbackTasksService } from './callback-tasks.service';

@ApiTags('callbacks')
@ApiBearerAuth()
@Roles('agent', 'supervisor')
@Controller('callback-tasks')
export class CallbackTasksController {
  constructor(private readonly tasks: CallbackTasksService) {}

  @Get()
  @ApiOkResponse({ type: [CallbackTaskView] })
  list(@Query() query: ListCallbackTasksQuery, @CurrentPrincipal() principal: Principal): Promise<CallbackTaskView[]> {
    return this.tasks.list(query, principal);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CallbackTaskView })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateCallbackTaskDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CallbackTaskView> {
    return this.tasks.update(id, dto, principal);
  }
}
