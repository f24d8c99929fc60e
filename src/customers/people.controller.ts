import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
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
import { PersonDetailView, UpdatePersonDto } from './customers.dto';
import { PeopleService } from './people.service';

/** People behind contacts; seen by whoever may see one of their contacts or their account. */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get(':id')
  @ApiOkResponse({ type: PersonDetailView })
  @ApiNotFoundResponse({ description: 'no such person, or outside the caller’s scope' })
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PersonDetailView> {
    return this.people.get(id, principal);
  }

  @Patch(':id')
  @ApiOkResponse({ type: PersonDetailView })
  @ApiBadRequestResponse({ description: 'a field is invalid (named)' })
  @ApiForbiddenResponse({
    description: 'not the owner of one of their contacts; or an agent lifting do-not-contact (overseers only)',
  })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdatePersonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PersonDetailView> {
    return this.people.update(id, dto, principal);
  }
}
