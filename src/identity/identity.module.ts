import { Module } from '@nestjs/common';
import { CallbackTaskModule } from '../channels/voice/callback-task.module';
import { ContactsModule } from '../contacts/contacts.module';
import { CustomerRepository } from './customer.repository';
import { IdentityService } from './identity.service';
import { PersonRepository } from './person.repository';

/** Imports only leaf modules (contacts, the callback task table): routing imports this one. */
@Module({
  imports: [ContactsModule, CallbackTaskModule],
  providers: [IdentityService, PersonRepository, CustomerRepository],
  exports: [IdentityService, PersonRepository, CustomerRepository],
})
export class IdentityModule {}
