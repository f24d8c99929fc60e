import { z } from 'zod';
import { findInputProblem } from '../common/input-text';
import { PRESENCE_STATUSES } from '../common/protocol.mjs';

/**
 * Payloads agents send on the socket, validated before any service sees them (STYLE.md: validate
 * at every entry). A bad payload is answered `{ ok: false, error }`, the error naming the field.
 */
const uuid = (field: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a UUID') })
    .uuid({
      error: `must be a UUID`,
    })
    .describe(field);

const reason = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(500, { error: 'must be at most 500 characters' })
  .optional();

export const presenceSetPayload = z.object({
  status: z.enum(PRESENCE_STATUSES, {
    error: (issue) => (issue.input === undefined ? 'is required' : `must be one of ${PRESENCE_STATUSES.join(', ')}`),
  }),
});

export const offerAcceptPayload = z.object({ offerId: uuid('offerId') });
export const offerDeclinePayload = z.object({ offerId: uuid('offerId'), reason });
export const assignmentEndPayload = z.object({ contactId: uuid('contactId'), reason });
export const handoffAcceptPayload = z.object({ handoffId: uuid('handoffId') });
export const handoffDeclinePayload = z.object({ handoffId: uuid('handoffId'), reason });

export interface PayloadError {
  field: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; errors: PayloadError[] };

/** Parses a payload; on failure, one line naming each wrong field ("offerId must be a UUID"). */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): Parsed<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    const error = { field: 'payload', message: 'must be an object' };
    return { ok: false, error: 'payload must be an object', errors: [error] };
  }
  // The same edge as HTTP bodies: nesting deeper than MAX_INPUT_DEPTH, NUL or lone surrogates are refused.
  const problem = findInputProblem(payload, { root: 'payload' });
  if (problem)
    return { ok: false, error: problem.message, errors: [{ field: problem.field, message: problem.message }] };
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, value: result.data };
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'payload',
    message: issue.message,
  }));
  return { ok: false, error: errors.map((e) => `${e.field} ${e.message}`).join('; '), errors };
}
