import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';
import { CreatePartnerDto, PartnerView, UpdatePartnerDto } from './partner.dto';
import { PartnersService } from './partners.service';

/** `GET /partners` (staff), `POST /partners`, `PATCH /partners/:id` (admin). */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Get()
  @ApiOkResponse({ type: [PartnerView] })
  list(): Promise<PartnerView[]> {
    return this.partners.list();
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: PartnerView })
  create(@Body() dto: CreatePartnerDto): Promise<PartnerView> {
    return this.partners.create(dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: PartnerView })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdatePartnerDto): Promise<PartnerView> {
    return this.partners.update(id, dto);
  }
}
