import { Module } from '@nestjs/common';
import { BusinessHoursModule } from '../business-hours/business-hours.module';
import { AppConfig, APP_CONFIG } from '../config/app-config';
import { ContactsModule } from '../contacts/contacts.module';
import { AcknowledgementService } from './acknowledgement.service';
import { LogMailSender } from './log-mail-sender';
import { MailSender } from './mail-sender';
import { MailSendRepository } from './mail-send.repository';
import { NodemailerMailSender } from './nodemailer-mail-sender';
import { OnceMailer } from './once-mailer';

/** Outgoing mail: nodemailer through SMTP_URL, or the log when SMTP_URL is not set. */
@Module({
  imports: [ContactsModule, BusinessHoursModule],
  providers: [
    {
      provide: MailSender,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailSender =>
        config.SMTP_URL ? new NodemailerMailSender(config.SMTP_URL) : new LogMailSender(),
    },
    MailSendRepository,
    OnceMailer,
    AcknowledgementService,
  ],
  exports: [MailSender, OnceMailer, AcknowledgementService],
})
export class MailModule {}
