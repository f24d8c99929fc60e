import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Roles } from '../../auth/roles.decorator';
import { ChannelMatrixDto } from './channel-matrix.dto';
import { ChannelMatrixService, StoredChannelMatrix } from './channel-matrix.service';

/** `GET|PUT /routing/matrix` (CONTRACT.md): read by staff, changed by admins into a new version. */
@ApiTags('routing')
@ApiBearerAuth()
@Controller('routing/matrix')
export class ChannelMatrixController {
  constructor(private readonly matrix: ChannelMatrixService) {}

  @Get()
  @ApiOkResponse({ type: ChannelMatrixDto, description: 'the version in force' })
  current(): Promise<StoredChannelMatrix> {
    return this.matrix.current();
  }

  @Get('versions')
  versions() {
    return this.matrix.versions();
  }

  @Get('versions/:version')
  @ApiOkResponse({ type: ChannelMatrixDto })
  version(@Param('version', ParseIntPipe) version: number): Promise<StoredChannelMatrix> {
    return this.matrix.version(version);
  }

  /** The body is checked by the pure validateMatrix, which names every wrong field at once. */
  @Put()
  @Roles('admin')
  @ApiBody({ type: ChannelMatrixDto })
  @ApiOkResponse({ type: ChannelMatrixDto, description: 'the new version' })
  replace(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<StoredChannelMatrix> {
    return this.matrix.replace(body, principal.id);
  }
}
