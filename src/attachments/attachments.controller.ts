import { Controller, Get, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AttachmentsService } from './attachments.service';

/** Staff download attachments, recordings and fax documents of a contact. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts/:contactId/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get(':attachmentId')
  @ApiProduces('application/octet-stream')
  async download(
    @Param('contactId', new ParseUUIDPipe()) contactId: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.attachments.open(contactId, attachmentId, principal);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(stream, {
      type: attachment.contentType,
      length: attachment.size,
      // Always a download, never rendered inline: attachments come from strangers.
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    });
  }
}
