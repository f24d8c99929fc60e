import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { IdentityModule } from '../identity/identity.module';
import { RoutingModule } from '../routing/routing.module';
import { UsersModule } from '../users/users.module';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

/**
 * Staff's view of who the customer is. Identity owns the account and person tables; this module
 * composes them with contacts and leads (routing's service), so identity stays a leaf routing imports.
 */
@Module({
  imports: [IdentityModule, ContactsModule, RoutingModule, UsersModule],
  controllers: [CustomersController, PeopleController],
  providers: [CustomersService, PeopleService],
})
export class CustomersModule {}
