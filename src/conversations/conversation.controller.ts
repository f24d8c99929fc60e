import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DomainError } from '../common/domain-error';
import { ConversationView, ReplyAcceptedDto, ReplyDto } from './conversation.dto';
import { ConversationService } from './conversation.service';
import { ReplyService } from './reply.service';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** A contact's conversation: the thread, and agents' replies. Thin. */
@ApiTags('conversations')
@ApiBearerAuth()
@Controller('contacts')
export class ConversationController {
  constructor(
    private readonly conversation: ConversationService,
    private readonly replies: ReplyService,
  ) {}

  @Get(':id/messages')
  @ApiOkResponse({ type: ConversationView, description: 'every message, oldest first, the first one included' })
  @ApiNotFoundResponse({ description: 'no such contact, or not one the caller may see' })
  messages(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal) {
    return this.conversation.thread(id, principal);
  }

  @Post(':id/replies')
  @HttpCode(202)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a retry with the same key returns the first answer and sends once',
  })
  @ApiAcceptedResponse({ type: ReplyAcceptedDto, description: 'queued; a job sends it' })
  @ApiBadRequestResponse({
    description: 'a field is wrong: unknown template, no address for the medium, a fax without a PDF, ...',
  })
  @ApiForbiddenResponse({ description: 'the caller does not work this contact' })
  @ApiNotFoundResponse({ description: 'no such contact, or not one the caller may see' })
  @ApiConflictResponse({ description: 'the person is marked do_not_contact: nothing was stored or sent' })
  @ApiServiceUnavailableResponse({ description: "the medium's provider settings are missing (named in the answer)" })
  reply(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReplyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReplyAcceptedDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new DomainError('validation_failed', 'Idempotency-Key must be 1-200 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' },
      ]);
    }
    return this.replies.reply(id, dto, principal, idempotencyKey);
  }
}
