import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import {
  CustomerDetailView,
  CustomerPage,
  CustomerSummaryView,
  ListCustomersQuery,
  UpdateCustomerDto,
} from './customers.dto';
import { CustomersService } from './customers.service';

/** Customer accounts; each caller sees the accounts they own and those of the contacts they may see. */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @ApiOkResponse({ type: CustomerPage })
  list(@Query() query: ListCustomersQuery, @CurrentPrincipal() principal: Principal): Promise<CustomerPage> {
    return this.customers.list(query, principal);
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerDetailView })
  @ApiNotFoundResponse({ description: 'no such account, or outside the caller’s scope' })
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CustomerDetailView> {
    return this.customers.get(id, principal);
  }

  @Patch(':id')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CustomerSummaryView })
  @ApiBadRequestResponse({ description: 'a field is invalid (named), e.g. relationshipOwnerId names no active user' })
  @ApiForbiddenResponse({ description: 'only supervisors and admins change accounts' })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateCustomerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CustomerSummaryView> {
    return this.customers.update(id, dto, principal);
  }
}
