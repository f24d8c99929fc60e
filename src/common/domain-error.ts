/**
 * Errors raised by services carry a stable code; the global filter maps codes to HTTP statuses,
 * so services never import HTTP exceptions.
 */
export type DomainErrorCode =
  | 'not_found'
  | 'validation_failed'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'idempotency_key_reused'
  | 'unavailable'
  | 'account_locked';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) => new DomainError('not_found', `${what} ${id} was not found`);

/** A refusal that ends by itself: the answer carries `Retry-After` (seconds). */
export class RetryLaterError extends DomainError {
  constructor(
    code: DomainErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
    this.name = 'RetryLaterError';
  }
}
