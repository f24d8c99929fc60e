import { Controller, HttpCode, HttpException, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/public.decorator';
import { CleansProviderText } from '../../common/input-guard.interceptor';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { answerOf, EmailWebhookAnswer } from './email-webhook.answer';
import { MailgunInboundService } from './mailgun-inbound.service';
import { readWebhookForm } from './webhook-form.reader';

/**
 * Mailgun routes (CONTRACT.md). Mailgun retries anything but 200 and 406 for hours, so a message
 * refused on purpose (no sender, too large, unreadable) answers 406; a bad, stale or replayed
 * signature answers 403.
 */
@ApiTags('providers')
@Controller('webhooks/email')
@Public()
@CleansProviderText()
export class MailgunController {
  constructor(
    private readonly mailgun: MailgunInboundService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post('mailgun')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data', 'application/x-www-form-urlencoded')
  @ApiOkResponse({ type: EmailWebhookAnswer, description: 'stored, or accepted and dropped (auto-generated, spam)' })
  @ApiForbiddenResponse({ description: 'bad, stale or replayed signature' })
  @ApiResponse({ status: 406, description: 'refused on purpose; Mailgun does not retry' })
  async receive(@Req() req: Request): Promise<EmailWebhookAnswer> {
    const form = await readWebhookForm(req, { maxBytes: this.config.SMTP_INTAKE_MAX_BYTES });
    const outcome = await this.mailgun.receive(form);
    if (outcome.status === 'refused') {
      throw new HttpException(
        { message: outcome.message, errors: [{ field: outcome.field, message: outcome.message }] },
        HttpStatus.NOT_ACCEPTABLE,
      );
    }
    return answerOf(outcome);
  }
}
