import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { BusinessHoursViewDto, PutBusinessHoursDto } from './business-hours.dto';
import { BusinessHoursService } from './business-hours.service';

/** `GET /business-hours` (staff), `PUT /business-hours` (admin). */
@ApiTags('business-hours')
@ApiBearerAuth()
@Controller('business-hours')
export class BusinessHoursController {
  constructor(private readonly hours: BusinessHoursService) {}

  @Get()
  @ApiOkResponse({ type: BusinessHoursViewDto })
  get(): Promise<BusinessHoursViewDto> {
    return this.hours.view();
  }

  @Put()
  @Roles('admin')
  @ApiOkResponse({ type: BusinessHoursViewDto })
  put(@CurrentPrincipal() principal: Principal, @Body() dto: PutBusinessHoursDto): Promise<BusinessHoursViewDto> {
    return this.hours.put(principal, dto);
  }
}
