import { Body, Controller, Headers, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { Public } from '../../auth/public.decorator';
import { DomainError } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { IntakeService } from '../../contacts/intake.service';
import { MetricsService } from '../../metrics/metrics.service';
import { InquiryBodyPipe } from './inquiry-body';
import { InquiryAcceptedDto, InquiryDto } from './inquiry.dto';
import { mapInquiry } from './web-form.adapter';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

@ApiTags('customers')
@Controller('inquiries')
@Public()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
export class InquiriesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly metrics: MetricsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a resubmission with the same key returns the first answer',
  })
  @ApiBody({ type: InquiryDto })
  @ApiAcceptedResponse({ type: InquiryAcceptedDto })
  @ApiTooManyRequestsResponse({ description: 'too many inquiries from this address' })
  async submit(
    // Read by InquiryBodyPipe; `Readonly<>` is emitted as Object, which the global ValidationPipe leaves alone.
    @Body(InquiryBodyPipe) dto: Readonly<InquiryDto>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
  ): Promise<InquiryAcceptedDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new DomainError('validation_failed', 'Idempotency-Key must be 1-200 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' },
      ]);
    }
    const mapped = mapInquiry(dto, {
      idempotencyKey,
      defaultPhoneRegion: this.config.DEFAULT_PHONE_REGION,
      clientAddress: req.ip,
      userAgent: req.headers['user-agent'],
    });
    if (!mapped.ok)
      throw new DomainError('validation_failed', mapped.errors.map((e) => e.message).join('; '), mapped.errors);
    const { contact, created } = await this.intake.accept(mapped.inbound);
    if (created) this.metrics.contactsReceived.inc({ medium: 'web' });
    return { id: contact.id, status: 'received' };
  }
}
