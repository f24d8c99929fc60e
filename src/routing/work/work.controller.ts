import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.types';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { TransferService } from './transfer.service';
import { TransferDto, transferTarget, TransferTargetView, TransferView, WrapUpDto, WrapUpView } from './work.dto';
import { WrapUpService } from './wrap-up.service';

/** Working a contact: transfer and wrap-up (owner = the assigned agent, supervisor, admin). */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller()
export class WorkController {
  constructor(
    private readonly transfers: TransferService,
    private readonly wrapUps: WrapUpService,
  ) {}

  @Post('contacts/:id/transfer')
  @HttpCode(200)
  @ApiOkResponse({
    type: TransferView,
    description: "offered to the agent (offer reason `transfer`) or back in the channel's queue",
  })
  @ApiBadRequestResponse({ description: 'not exactly one of agentId and channel; the agent is not an agent' })
  @ApiForbiddenResponse({ description: 'not the assigned agent, a supervisor or an admin' })
  @ApiNotFoundResponse({ description: 'no such contact in your scope, or no such agent' })
  @ApiConflictResponse({ description: 'the contact is not assigned, or the agent cannot take it now' })
  transfer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: TransferDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TransferView> {
    return this.transfers.transfer(principal, id, transferTarget(dto));
  }

  @Post('contacts/:id/wrap-up')
  @HttpCode(200)
  @ApiOkResponse({ type: WrapUpView, description: 'the assignment ended and the contact closed with a disposition' })
  @ApiBadRequestResponse({ description: 'unknown disposition; callbackAt missing, past or not allowed' })
  @ApiForbiddenResponse({ description: 'not the assigned agent, a supervisor or an admin' })
  @ApiNotFoundResponse({ description: 'no such contact in your scope' })
  @ApiConflictResponse({ description: 'the contact has no active assignment' })
  wrapUp(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: WrapUpDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WrapUpView> {
    return this.wrapUps.wrapUp(principal, id, dto);
  }

  @Get('routing/transfer-targets')
  @ApiOkResponse({ type: [TransferTargetView], description: 'agents a contact may be transferred to' })
  targets(): Promise<TransferTargetView[]> {
    return this.transfers.targets();
  }
}
