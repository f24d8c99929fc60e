import { Controller, Headers, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator';
import { fieldsOf, TwilioWebhookController } from '../channels/twilio/twilio-webhook.decorators';
import { publicUrl } from '../channels/twilio/webhook-url';
import { CleansProviderText } from '../common/input-guard.interceptor';
import { AppConfig, InjectConfig } from '../config/app-config';
import { CallbackOutcome, DeliveryCallbacksService } from './delivery-callbacks.service';

/** Twilio's SMS status callback (the StatusCallback of our replies); signed. */
@Controller('webhooks/twilio/sms')
@TwilioWebhookController()
export class SmsStatusController {
  constructor(private readonly callbacks: DeliveryCallbacksService) {}

  @Post('status')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ known, status }: an unknown MessageSid changes nothing' })
  status(@Req() req: Request): Promise<CallbackOutcome> {
    return this.callbacks.twilioSmsStatus(fieldsOf(req.body));
  }
}

/** Phaxio's callback for a fax we sent (the callback_url of our fax replies); signed. */
@ApiTags('providers')
@Controller('webhooks/fax/phaxio')
@Public()
@CleansProviderText()
export class FaxStatusController {
  constructor(
    private readonly callbacks: DeliveryCallbacksService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post('status')
  @HttpCode(200)
  @UseInterceptors(NoFilesInterceptor())
  @ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded')
  @ApiHeader({ name: 'X-Phaxio-Signature', required: true })
  @ApiForbiddenResponse({ description: 'missing or wrong signature; nothing changed' })
  @ApiOkResponse({ description: '{ known, status }: an unknown fax id changes nothing' })
  status(@Req() req: Request, @Headers('x-phaxio-signature') signature: string | undefined): Promise<CallbackOutcome> {
    return this.callbacks.phaxioFaxStatus({
      url: publicUrl(this.config.PUBLIC_BASE_URL, req.originalUrl),
      signature,
      fields: fieldsOf(req.body),
    });
  }
}
