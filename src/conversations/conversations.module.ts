import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { TwilioModule } from '../channels/twilio/twilio.module';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { ContactsModule } from '../contacts/contacts.module';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { ConversationController } from './conversation.controller';
import { ConversationService } from './conversation.service';
import { DeliveryCallbacksService } from './delivery-callbacks.service';
import { FaxStatusController, SmsStatusController } from './delivery-webhooks.controller';
import { FaxGateway } from './fax-gateway';
import { MessageDeliveryRepository } from './message-delivery.repository';
import { PhaxioFaxGateway } from './phaxio-fax.gateway';
import { ReplySender } from './reply-sender.service';
import { ReplyTemplateRepository } from './reply-template.repository';
import { ReplyTemplatesController } from './reply-templates.controller';
import { ReplyTemplatesService } from './reply-templates.service';
import { ReplyService } from './reply.service';
import { SmsGateway } from './sms-gateway';
import { TwilioSmsGateway } from './twilio-sms.gateway';

/**
 * The two-way conversation of a contact: the thread, replies by e-mail, SMS and fax (sent by a
 * job), delivery callbacks, reply templates, and the `contact:message` announcements.
 */
@Module({
  imports: [ContactsModule, AttachmentsModule, IdentityModule, UsersModule, MailModule, TwilioModule],
  controllers: [ConversationController, ReplyTemplatesController, SmsStatusController, FaxStatusController],
  providers: [
    ConversationService,
    ReplyService,
    ReplySender,
    ReplyTemplatesService,
    DeliveryCallbacksService,
    MessageDeliveryRepository,
    ReplyTemplateRepository,
    { provide: SmsGateway, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TwilioSmsGateway(config) },
    { provide: FaxGateway, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new PhaxioFaxGateway(config) },
  ],
  exports: [ConversationService, ReplySender, SmsGateway],
})
export class ConversationsModule {}
