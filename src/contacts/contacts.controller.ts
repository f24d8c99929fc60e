import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ContactPage, ContactView, ListContactsQuery } from './contact.dto';
import { ContactsService } from './contacts.service';

/** Staff only: the global AuthGuard requires a token here. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @ApiOkResponse({ type: ContactPage })
  list(@Query() query: ListContactsQuery): Promise<ContactPage> {
    return this.contacts.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ContactView })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ContactView> {
    return this.contacts.get(id);
  }
}
