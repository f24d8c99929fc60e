import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { Public } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.decorator';
import {
  ListRegistrationsQuery,
  RegistrationPageQuery,
  SeminarRegistrationDto,
  SeminarRegistrationsView,
  SeminarRegistrationView,
} from './seminar-registration.dto';
import { SeminarRegistrationService, toRegistrationView } from './seminar-registration.service';

/** The page's inline script and style run only with this request's nonce; it posts back here only. */
const pagePolicy = (nonce: string) =>
  [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/** Seminars' registrations: public from an invitation link (rate-limited), listed for supervisors. */
@ApiTags('campaigns')
@Controller('seminars')
export class SeminarsController {
  constructor(private readonly registrations: SeminarRegistrationService) {}

  @Post(':id/registrations')
  @Public()
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ login: true })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Registers for a seminar, with the invitation link token or name and e-mail; a repeat answers the first',
  })
  @ApiOkResponse({ type: SeminarRegistrationView })
  @ApiConflictResponse({ description: 'seminar is full' })
  @ApiTooManyRequestsResponse({ description: 'too many registrations from this address' })
  async register(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SeminarRegistrationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SeminarRegistrationView> {
    const { registration, created } = await this.registrations.registerPublic(id, dto);
    if (created) res.status(201);
    return toRegistrationView(registration, created);
  }

  @Get(':id/registrations')
  @ApiBearerAuth()
  @Roles('supervisor')
  @ApiOkResponse({ type: SeminarRegistrationsView })
  list(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ListRegistrationsQuery,
  ): Promise<SeminarRegistrationsView> {
    return this.registrations.list(id, query.limit ?? 100, query.offset ?? 0);
  }

  /** The page the invitation link opens: an HTML form in the target's language. */
  @Get(':id/register')
  @Public()
  @ApiExcludeEndpoint()
  async page(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: RegistrationPageQuery,
    @Res() res: Response,
  ): Promise<void> {
    const nonce = randomBytes(16).toString('base64');
    const html = await this.registrations.page(id, query.t, query.lang, nonce);
    res.setHeader('Content-Security-Policy', pagePolicy(nonce));
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(html);
  }
}
