import { Body, Controller, Headers, HttpCode, Logger, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { AnswersTwiml, fieldsOf, TwilioWebhookController } from '../twilio/twilio-webhook.decorators';
import { VoiceService } from './voice.service';

/** Twilio Voice webhooks (see docs/telephony-and-fax.md); thin: signature by guard, then one service call. */
@Controller('webhooks/twilio/voice')
@TwilioWebhookController()
export class VoiceController {
  private readonly logger = new Logger(VoiceController.name);

  constructor(private readonly voice: VoiceService) {}

  @Post()
  @AnswersTwiml()
  @ApiOkResponse({ description: 'TwiML: greeting, then <Enqueue> into the contact queue' })
  incoming(@Body() body: unknown, @Headers('i-twilio-idempotency-token') token: string | undefined): Promise<string> {
    // Retries carry the same token; the CallSid already makes them find the first delivery's contact.
    if (token) this.logger.debug({ idempotencyToken: token.slice(0, 100) }, 'incoming call webhook');
    return this.voice.incoming(fieldsOf(body));
  }

  @Post('wait')
  @AnswersTwiml()
  @ApiOkResponse({ description: 'TwiML played while waiting; <Leave> after VOICE_MAX_WAIT_SECONDS' })
  wait(@Body() body: unknown, @Query() query: unknown): string {
    return this.voice.wait(fieldsOf(body), fieldsOf(query));
  }

  @Post('queue-exit')
  @AnswersTwiml()
  @ApiOkResponse({ description: 'TwiML after the queue: voicemail <Record> when nobody answered' })
  queueExit(@Body() body: unknown): Promise<string> {
    return this.voice.queueExit(fieldsOf(body));
  }

  @Post('voicemail')
  @AnswersTwiml()
  @ApiOkResponse({ description: 'TwiML thanking the caller after the voicemail' })
  voicemail(@Body() body: unknown, @Query() query: unknown): Promise<string> {
    return this.voice.voicemail(fieldsOf(body), fieldsOf(query));
  }

  @Post('recording')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'recording noted; the file is fetched and attached by a job' })
  recording(@Body() body: unknown): Promise<void> {
    return this.voice.recording(fieldsOf(body));
  }

  @Post('status')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'status recorded; a missed call becomes a callback task' })
  status(@Body() body: unknown): Promise<void> {
    return this.voice.status(fieldsOf(body));
  }

  @Post('bridged')
  @AnswersTwiml()
  @ApiOkResponse({ description: 'TwiML played to the caller just before the agent is connected' })
  bridged(@Body() body: unknown, @Query() query: unknown): Promise<string> {
    return this.voice.bridged(fieldsOf(body), fieldsOf(query));
  }

  @Post('agent')
  @AnswersTwiml()
  @ApiOkResponse({ description: "TwiML bridging the agent's softphone to the offered caller: <Dial><Queue>" })
  agent(@Body() body: unknown): Promise<string> {
    return this.voice.agent(fieldsOf(body));
  }
}
