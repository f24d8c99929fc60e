import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { CampaignContactRepository } from './campaign-contact.repository';
import { ContactMessageFeed } from './contact-message-feed';
import { ContactMessageRepository } from './contact-message.repository';
import { ContactRepository } from './contact.repository';
import { ContactAcknowledgementRepository } from './contact-acknowledgement.repository';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { BatchedContactWriter } from './batched-contact-writer';
import { ContactIntakeRepository } from './contact-intake.repository';
import { IntakeService } from './intake.service';
import { NewContactWriter } from './new-contact-writer';
import { ContactNoteRepository } from './notes/contact-note.repository';
import { ContactNotesController } from './notes/contact-notes.controller';
import { ContactNotesService } from './notes/contact-notes.service';

@Module({
  imports: [AttachmentsModule],
  controllers: [ContactsController, ContactNotesController],
  providers: [
    IntakeService,
    ContactIntakeRepository,
    { provide: NewContactWriter, useClass: BatchedContactWriter },
    ContactsService,
    ContactRepository,
    ContactMessageRepository,
    ContactMessageFeed,
    ContactAcknowledgementRepository,
    ContactNoteRepository,
    ContactNotesService,
    CampaignContactRepository,
  ],
  exports: [
    IntakeService,
    ContactsService,
    ContactRepository,
    ContactMessageRepository,
    ContactMessageFeed,
    ContactAcknowledgementRepository,
    ContactNoteRepository,
    CampaignContactRepository,
  ],
})
export class ContactsModule {}
