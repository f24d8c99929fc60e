import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { IntakeService } from './intake.service';
import { ContactRepository } from './contact.repository';

@Module({
  controllers: [ContactsController],
  providers: [IntakeService, ContactsService, ContactRepository],
  exports: [IntakeService, ContactsService, ContactRepository],
})
export class ContactsModule {}
