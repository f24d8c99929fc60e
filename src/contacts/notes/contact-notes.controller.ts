import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { AddNoteDto, ContactNotesView, ContactNoteView } from './contact-note.dto';
import { ContactNotesService } from './contact-notes.service';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactNotesController {
  constructor(private readonly notes: ContactNotesService) {}

  @Post(':id/notes')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ContactNoteView, description: 'an internal note (never sent); a note.added event' })
  @ApiBadRequestResponse({ description: 'body missing, empty or too long' })
  @ApiForbiddenResponse({ description: 'not the assigned agent, a supervisor or an admin' })
  @ApiNotFoundResponse({ description: 'no such contact in your scope' })
  add(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AddNoteDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ContactNoteView> {
    return this.notes.add(id, dto.body, principal);
  }

  @Get(':id/notes')
  @ApiOkResponse({ type: ContactNotesView })
  @ApiNotFoundResponse({ description: 'no such contact in your scope' })
  async list(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ContactNotesView> {
    return { items: await this.notes.list(id, principal) };
  }
}
