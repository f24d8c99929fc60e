import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts/contacts.module';
import { EmailIntakeService } from './email-intake.service';
import { EmailThreadRepository } from './email-thread.repository';
import { InboundEmailBasicAuthGuard } from './inbound-email-basic-auth.guard';
import { MailgunInboundService } from './mailgun-inbound.service';
import { MailgunController } from './mailgun.controller';
import { SendGridInboundService } from './sendgrid-inbound.service';
import { SendGridController } from './sendgrid.controller';
import { SmtpIntakeServer } from './smtp-intake.server';

/** The e-mail medium: the SMTP intake, SendGrid Inbound Parse and Mailgun routes. */
@Module({
  imports: [ContactsModule],
  controllers: [SendGridController, MailgunController],
  providers: [
    EmailIntakeService,
    EmailThreadRepository,
    SendGridInboundService,
    MailgunInboundService,
    InboundEmailBasicAuthGuard,
    SmtpIntakeServer,
  ],
  exports: [SmtpIntakeServer],
})
export class EmailModule {}
