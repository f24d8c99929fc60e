import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { cleanDeep, findInputProblem, InputProblem, MAX_INPUT_DEPTH, nestingDepth } from './input-text';

const CLEANS_PROVIDER_TEXT = 'input:cleans-provider-text';

/**
 * For providers' webhooks: a NUL or a lone surrogate in what a customer wrote is cleaned (NUL
 * dropped, lone surrogate -> U+FFFD) rather than refused, since refusing would lose the message.
 */
export const CleansProviderText = () => SetMetadata(CLEANS_PROVIDER_TEXT, true);

const refusal = (problem: InputProblem) =>
  new BadRequestException({
    code: 'validation_failed',
    message: problem.message,
    errors: [{ field: problem.field, message: problem.message }],
  });

/**
 * The edge every HTTP request's parsed body and query pass before any pipe or handler: nesting
 * deeper than MAX_INPUT_DEPTH is refused (class-transformer and validators recurse), and text
 * PostgreSQL or a validator cannot take (NUL, lone surrogates) is refused with 400 naming the
 * field, or cleaned on providers' webhooks (`@CleansProviderText()`). Runs after guards, so
 * signature checks still see what the provider signed.
 */
@Injectable()
export class InputGuardInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const cleans = this.reflector.getAllAndOverride<boolean>(CLEANS_PROVIDER_TEXT, [
      context.getHandler(),
      context.getClass(),
    ]);
    const body: unknown = req.body;
    if (cleans) {
      if (nestingDepth(body) > MAX_INPUT_DEPTH) {
        throw refusal(findInputProblem(body) ?? { kind: 'too_deep', field: 'body', message: 'body is too deep' });
      }
      if (body !== undefined) req.body = cleanDeep(body);
    } else {
      const problem = findInputProblem(body, { root: 'body' }) ?? findInputProblem(req.query, { root: 'query' });
      if (problem) throw refusal(problem);
    }
    return next.handle();
  }
}
