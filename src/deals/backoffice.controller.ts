import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { BackofficeTaskView, ListTasksQuery, OrderPlacedView, PlaceOrderDto, UpdateTaskDto } from './backoffice.dto';
import { BackofficeService } from './backoffice.service';

/** The back office's paperwork: e-Sales orders in, the shared worklist out. Sellers never see a task. */
@ApiTags('backoffice')
@ApiBearerAuth()
@Controller()
export class BackofficeController {
  constructor(private readonly backoffice: BackofficeService) {}

  @Post('contacts/:id/order')
  @Roles('agent', 'supervisor')
  @ApiOperation({
    summary: 'An e-Sales order on the contact: contract, order-entry and billing tasks for the back office',
  })
  @ApiCreatedResponse({ type: OrderPlacedView })
  order(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PlaceOrderDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<OrderPlacedView> {
    return this.backoffice.placeOrder(p, id, dto);
  }

  @Get('backoffice/tasks')
  @Roles('backoffice', 'supervisor')
  @ApiOkResponse({ type: [BackofficeTaskView] })
  list(@Query() query: ListTasksQuery): Promise<BackofficeTaskView[]> {
    return this.backoffice.list(query);
  }

  @Patch('backoffice/tasks/:id')
  @Roles('backoffice', 'supervisor')
  @ApiOkResponse({ type: BackofficeTaskView })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateTaskDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<BackofficeTaskView> {
    return this.backoffice.update(p, id, dto);
  }
}
