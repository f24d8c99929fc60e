import { Body, Controller, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AnswersTwiml, fieldsOf, TwilioWebhookController } from '../twilio/twilio-webhook.decorators';
import { SmsService } from './sms.service';

/** Twilio Messaging webhook: thin, signature by guard, then one service call. */
@Controller('webhooks/twilio/sms')
@TwilioWebhookController()
export class SmsController {
  constructor(private readonly sms: SmsService) {}

  @Post()
  @AnswersTwiml()
  @ApiOkResponse({ description: 'TwiML <Response>, with the SMS_AUTO_REPLY <Message> for a new conversation' })
  receive(@Body() body: unknown): Promise<string> {
    return this.sms.receive(fieldsOf(body));
  }
}
