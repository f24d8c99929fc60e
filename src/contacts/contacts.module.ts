import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { IntakeService } from './intake.service';

@Module({
  controllers: [ContactsController],
  providers: [IntakeService, ContactsService],
  exports: [IntakeService, ContactsService],
})
export class ContactsModule {}
