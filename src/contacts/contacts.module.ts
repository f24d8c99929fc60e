import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ContactMessageFeed } from './contact-message-feed';
import { ContactMessageRepository } from './contact-message.repository';
import { ContactRepository } from './contact.repository';
import { ContactAcknowledgementRepository } from './contact-acknowledgement.repository';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { IntakeService } from './intake.service';

@Module({
  imports: [AttachmentsModule],
  controllers: [ContactsController],
  providers: [
    IntakeService,
    ContactsService,
    ContactRepository,
    ContactMessageRepository,
    ContactMessageFeed,
    ContactAcknowledgementRepository,
  ],
  exports: [
    IntakeService,
    ContactsService,
    ContactRepository,
    ContactMessageRepository,
    ContactMessageFeed,
    ContactAcknowledgementRepository,
  ],
})
export class ContactsModule {}
