import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { FaxModule } from './fax/fax.module';
import { SmsModule } from './sms/sms.module';
import { VoiceModule } from './voice/voice.module';
import { EmailModule } from './email/email.module';
import { InquiriesController } from './web-form/inquiries.controller';

/** Every medium's entry point; each maps its payload to an InboundContact and calls intake. */
@Module({
  imports: [ContactsModule, VoiceModule, SmsModule, FaxModule, EmailModule],
  controllers: [InquiriesController],
})
export class ChannelsModule {}
