import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { EmailIntakeService, EmailOutcome } from './email-intake.service';
import { isSendGridRawMode, sendGridParsedToEmail, sendGridRawToEmail } from './sendgrid.adapter';
import type { WebhookForm } from './webhook-form';

/** SendGrid Inbound Parse, raw mode (`email` = the whole MIME message) or parsed mode (fields). */
@Injectable()
export class SendGridInboundService {
  constructor(private readonly email: EmailIntakeService) {}

  async receive(form: WebhookForm): Promise<EmailOutcome> {
    if (isSendGridRawMode(form)) {
      return this.email.receiveRaw(form.bytes('email')!, 'sendgrid', (mail, charsetHint) =>
        sendGridRawToEmail(form, mail, charsetHint),
      );
    }
    if (!form.has('headers') && !form.has('from')) {
      throw new DomainError('validation_failed', 'not a SendGrid Inbound Parse post: no email, headers or from field', [
        { field: 'email', message: 'raw mode needs email; parsed mode needs headers and from' },
      ]);
    }
    // The header block is parsed as a message without a body, for Message-ID, threading and
    // the auto-reply headers; the provider's decoded fields supply everything else.
    const headerMail = await this.email.parseMime(`${form.text('headers') ?? ''}\r\n\r\n`);
    if (!headerMail) {
      throw new DomainError('validation_failed', 'the headers field is not a readable header block', [
        { field: 'headers', message: 'must be the message header block' },
      ]);
    }
    const message = sendGridParsedToEmail(form, headerMail);
    return this.email.receive(message, 'sendgrid');
  }
}
