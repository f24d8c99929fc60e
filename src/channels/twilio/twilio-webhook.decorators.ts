import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpCode,
  Injectable,
  NestInterceptor,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';
import {
  ApiConsumes,
  ApiForbiddenResponse,
  ApiHeader,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator';
import { CleansProviderText } from '../../common/input-guard.interceptor';
import { isRecord, ProviderFields } from '../provider-fields';
import { TwilioSignatureGuard } from './twilio-signature.guard';

/** A controller Twilio calls: no staff token, Twilio's signature instead. */
export const TwilioWebhookController = () =>
  applyDecorators(
    Public(),
    CleansProviderText(),
    UseGuards(TwilioSignatureGuard),
    ApiTags('providers'),
    ApiConsumes('application/x-www-form-urlencoded'),
    ApiHeader({ name: 'X-Twilio-Signature', required: true, description: "Twilio's request signature" }),
    ApiForbiddenResponse({ description: 'missing or wrong X-Twilio-Signature; nothing was stored' }),
    ApiServiceUnavailableResponse({ description: 'TWILIO_AUTH_TOKEN is not set' }),
  );

/** Marks a successful answer as XML; an error keeps the filter's JSON (a static header would not). */
@Injectable()
export class TwimlContentType implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(tap(() => response.setHeader('Content-Type', 'text/xml; charset=utf-8')));
  }
}

/** A handler answering TwiML. */
export const AnswersTwiml = () =>
  applyDecorators(HttpCode(200), UseInterceptors(TwimlContentType), ApiProduces('text/xml'));

/** The form fields of a request (an empty set when the body was not a form). */
export const fieldsOf = (body: unknown): ProviderFields => (isRecord(body) ? body : {});
