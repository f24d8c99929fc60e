import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse } from '@nestjs/swagger';
import { fieldsOf, TwilioWebhookController } from '../twilio/twilio-webhook.decorators';
import { OutboundCallService } from './outbound-call.service';

/**
 * Twilio's callbacks about calls agents place (the dialled leg's status, the call's recording).
 * The calls themselves start at `POST /webhooks/twilio/voice/agent`.
 */
@Controller('webhooks/twilio/voice/outbound')
@TwilioWebhookController()
export class OutboundCallController {
  constructor(private readonly calls: OutboundCallService) {}

  @Post('status')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'the call moves forward (answered, completed, failed); a retry or an unknown CallSid changes nothing',
  })
  status(@Body() body: unknown): Promise<void> {
    return this.calls.status(fieldsOf(body));
  }

  @Post('recording')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'recording noted; the file is fetched and attached to the call by a job' })
  recording(@Body() body: unknown): Promise<void> {
    return this.calls.recording(fieldsOf(body));
  }
}
