import { Controller, Headers, HttpCode, Param, Post, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/public.decorator';
import { CleansProviderText } from '../../common/input-guard.interceptor';
import { DomainError } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { fieldsOf } from '../twilio/twilio-webhook.decorators';
import { publicUrl } from '../twilio/webhook-url';
import { FaxAccepted, FaxService, UploadedPart } from './fax.service';

const PROVIDERS = ['phaxio', 'generic'];

/** Fax gateways' inbound-fax callbacks (see docs/telephony-and-fax.md); thin. */
@ApiTags('providers')
@Controller('webhooks/fax')
@Public()
@CleansProviderText()
@ApiForbiddenResponse({ description: 'missing or wrong signature; nothing was stored' })
@ApiServiceUnavailableResponse({ description: 'FAX_WEBHOOK_SECRET is not set' })
export class FaxController {
  constructor(
    private readonly fax: FaxService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post('phaxio')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiHeader({ name: 'X-Phaxio-Signature', required: true })
  @ApiOkResponse({ description: '{ id, status: "received" }, or { status: "ignored", reason } for sent/failed faxes' })
  phaxio(
    @Req() req: Request,
    @UploadedFile() file: UploadedPart | undefined,
    @Headers('x-phaxio-signature') signature: string | undefined,
  ): Promise<FaxAccepted> {
    return this.fax.acceptPhaxio({
      url: publicUrl(this.config.PUBLIC_BASE_URL, req.originalUrl),
      signature,
      fields: fieldsOf(req.body),
      file,
    });
  }

  @Post('generic')
  @HttpCode(200)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiHeader({
    name: 'X-Signature',
    required: true,
    description: 'sha256=<hex HMAC-SHA256(FAX_WEBHOOK_SECRET, raw body)>',
  })
  @ApiOkResponse({ description: '{ id, status: "received" }' })
  generic(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-signature') signature: string | undefined,
    @Headers('content-type') contentType: string | undefined,
  ): Promise<FaxAccepted> {
    return this.fax.acceptGeneric({ rawBody: req.rawBody, contentType, signature });
  }

  @Post(':provider')
  @ApiNotFoundResponse({ description: 'no such fax provider' })
  unknown(@Param('provider') provider: string): never {
    throw new DomainError(
      'not_found',
      `fax provider "${provider.slice(0, 64)}" is not known; known: ${PROVIDERS.join(', ')}`,
    );
  }
}
