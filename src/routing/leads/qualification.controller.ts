import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { QualificationAnswer, QualificationDto } from './qualification.dto';
import { QualificationService } from './qualification.service';

/** `POST /contacts/:id/qualification` (CONTRACT.md): staff; the service checks who may qualify. */
@ApiTags('leads')
@ApiBearerAuth()
@Controller('contacts')
export class QualificationController {
  constructor(private readonly qualification: QualificationService) {}

  @Post(':id/qualification')
  @HttpCode(200)
  @ApiOkResponse({ type: QualificationAnswer, description: 'the routing decision' })
  qualify(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: QualificationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QualificationAnswer> {
    return this.qualification.qualify(id, dto, principal);
  }
}
