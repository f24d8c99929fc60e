import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ContactPage, ContactView, ListContactsQuery } from './contact.dto';
import { ContactsService } from './contacts.service';

/** Staff only: the global AuthGuard requires a token here; each caller sees their own contacts (access policy). */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOkResponse({ type: ContactPage })
  list(@Query() query: ListContactsQuery, @CurrentPrincipal() principal: Principal): Promise<ContactPage> {
    return this.contacts.list(query, principal);
  }

  @Get(':id')
  @ApiOkResponse({ type: ContactView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<ContactView> {
    return this.contacts.get(id, principal);
  }
}
