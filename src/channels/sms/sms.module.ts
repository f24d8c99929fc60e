import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts/contacts.module';
import { TwilioModule } from '../twilio/twilio.module';
import { ConversationLock } from './conversation-lock';
import { SmsController } from './sms.controller';
import { SmsService } from './sms.service';

@Module({
  imports: [ContactsModule, TwilioModule],
  controllers: [SmsController],
  providers: [SmsService, ConversationLock],
})
export class SmsModule {}
