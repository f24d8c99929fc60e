import { Controller, HttpCode, HttpException, HttpStatus, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/public.decorator';
import { CleansProviderText } from '../../common/input-guard.interceptor';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { answerOf, EmailWebhookAnswer } from './email-webhook.answer';
import { InboundEmailBasicAuthGuard } from './inbound-email-basic-auth.guard';
import { SendGridInboundService } from './sendgrid-inbound.service';
import { readWebhookForm } from './webhook-form.reader';

/** SendGrid Inbound Parse (CONTRACT.md): HTTP Basic auth, then the post is read and stored. */
@ApiTags('providers')
@Controller('webhooks/email')
@Public()
@CleansProviderText()
export class SendGridController {
  constructor(
    private readonly sendgrid: SendGridInboundService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post('sendgrid')
  @HttpCode(200)
  @UseGuards(InboundEmailBasicAuthGuard)
  @ApiBasicAuth()
  @ApiConsumes('multipart/form-data')
  @ApiOkResponse({ type: EmailWebhookAnswer, description: 'stored, or accepted and dropped (auto-generated)' })
  async receive(@Req() req: Request): Promise<EmailWebhookAnswer> {
    const form = await readWebhookForm(req, { maxBytes: this.config.SMTP_INTAKE_MAX_BYTES });
    const outcome = await this.sendgrid.receive(form);
    if (outcome.status === 'refused') {
      const status = outcome.reason === 'too_large' ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
      throw new HttpException(
        { message: outcome.message, errors: [{ field: outcome.field, message: outcome.message }] },
        status,
      );
    }
    return answerOf(outcome);
  }
}
