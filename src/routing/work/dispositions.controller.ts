import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import { DispositionListView } from './work.dto';
import { DispositionsService } from './dispositions.service';

@ApiTags('dispositions')
@ApiBearerAuth()
@Controller('dispositions')
export class DispositionsController {
  constructor(private readonly dispositions: DispositionsService) {}

  @Get()
  @ApiOkResponse({ type: DispositionListView })
  async list(): Promise<DispositionListView> {
    return { items: await this.dispositions.list() };
  }

  /** The body is checked by the pure parser (parseDispositions), which names each bad field by its path. */
  @Put()
  @Roles('admin')
  @ApiBody({ type: DispositionListView, description: '{ items: [...] } or the list itself; replaces the whole list' })
  @ApiOkResponse({ type: DispositionListView })
  @ApiBadRequestResponse({ description: 'a bad or duplicate code, a bad label, a built-in code removed' })
  async replace(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<DispositionListView> {
    return { items: await this.dispositions.replace(body, principal) };
  }
}
