import { Logger } from '@nestjs/common';
import { MailSender, OutgoingMail, SentMail } from './mail-sender';

/** Without SMTP_URL mail is logged, not sent (CONTRACT.md). The recipient is not logged: it is personal data. */
export class LogMailSender extends MailSender {
  private readonly logger = new Logger('Mail');

  send(mail: OutgoingMail): Promise<SentMail> {
    this.logger.log(
      { messageId: mail.messageId, subject: mail.subject, recipientDomain: mail.to.split('@').pop() },
      'SMTP_URL is not set: mail logged, not sent',
    );
    return Promise.resolve({ transport: 'log', messageId: mail.messageId });
  }
}
