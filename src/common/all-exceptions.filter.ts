import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { dependencyOutage, OUTAGE_RETRY_AFTER_SECONDS } from './dependency-outage';
import { DomainError, DomainErrorCode, FieldError, RetryLaterError } from './domain-error';

const statusByCode: Record<DomainErrorCode, number> = {
  not_found: HttpStatus.NOT_FOUND,
  validation_failed: HttpStatus.BAD_REQUEST,
  conflict: HttpStatus.CONFLICT,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  idempotency_key_reused: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  account_locked: HttpStatus.TOO_MANY_REQUESTS,
};

/** Errors thrown by body-parser before Nest routes: they carry `status` and `type`. */
interface BodyParserError {
  status: number;
  type: string;
  message: string;
}

const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as BodyParserError).status === 'number' &&
  typeof (e as BodyParserError).type === 'string';

const bodyParserMessages: Record<string, string> = {
  'entity.parse.failed': 'body is not valid JSON',
  'entity.too.large': 'body is too large',
  'encoding.unsupported': 'body encoding is not supported',
  'charset.unsupported': 'body charset is not supported',
  'request.aborted': 'request was aborted',
  'request.size.invalid': 'body length does not match Content-Length',
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  errors?: FieldError[];
}

/** The one place where errors become HTTP answers: never a stack trace, never a 500 for bad input. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.code === 'internal_error') {
      // An error nobody anticipated: the only case that deserves a stack trace.
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
    } else if (body.statusCode >= 500) {
      this.logger.warn(`${body.statusCode} ${body.code}: ${body.message}`);
    }
    if (response.headersSent) return;
    if (exception instanceof RetryLaterError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    else if (body.code === 'unavailable') response.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return this.body(statusByCode[exception.code], exception.code, exception.message, exception.fieldErrors);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (typeof payload === 'object' && payload !== null) {
        const p = payload as { message?: unknown; code?: unknown; errors?: FieldError[] };
        const message = Array.isArray(p.message)
          ? p.message.join('; ')
          : typeof p.message === 'string'
            ? p.message
            : exception.message;
        const code = typeof p.code === 'string' ? p.code : this.codeForStatus(status);
        return this.body(status, code, message, p.errors);
      }
      return this.body(status, this.codeForStatus(status), String(payload));
    }
    if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
      const message = bodyParserMessages[exception.type] ?? exception.message;
      return this.body(exception.status, this.codeForStatus(exception.status), message, [{ field: 'body', message }]);
    }
    // PostgreSQL or Redis unreachable: a 503 the caller (a provider's webhook) retries, not a bug.
    const outage = dependencyOutage(exception);
    if (outage) {
      const which = outage.dependency ?? 'a dependency (PostgreSQL or Redis)';
      return this.body(503, 'unavailable', `${which} is unavailable right now (${outage.reason}); retry shortly`);
    }
    return this.body(500, 'internal_error', 'internal server error');
  }

  private codeForStatus(status: number): string {
    return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '_');
  }

  private body(statusCode: number, code: string, message: string, errors?: FieldError[]): ErrorBody {
    return {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      code,
      message,
      ...(errors && errors.length > 0 ? { errors } : {}),
    };
  }
}
