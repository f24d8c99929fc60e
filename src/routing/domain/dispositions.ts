/**
 * Wrap-up dispositions: how an agent finished a contact. The list is configurable (an admin
 * replaces it), but two codes have meaning the service acts on and so always stay in it:
 * `callback_scheduled` (needs a future `callbackAt`; a callback task falls due then) and
 * `do_not_contact` (the person is marked and nothing outbound reaches them again). Pure.
 */

export interface Disposition {
  code: string;
  label: string;
  /** The wrap-up must give a future `callbackAt`, and a callback task is scheduled for it. */
  requiresCallbackAt: boolean;
}

export const DISPOSITION_CODE = /^[a-z][a-z0-9_]{1,39}$/;
export const DISPOSITION_LABEL_MAX = 120;
export const DISPOSITIONS_MAX = 100;

/** The codes the service acts on; each cannot be removed, and callback_scheduled always needs callbackAt. */
export const BUILT_IN_DISPOSITIONS = ['callback_scheduled', 'do_not_contact'] as const;

export const DEFAULT_DISPOSITIONS: readonly Disposition[] = Object.freeze(
  (
    [
      ['answered', 'Answered'],
      ['quote_sent', 'Quote sent'],
      ['seminar_registered', 'Registered for a seminar'],
      ['qualified', 'Qualified'],
      ['no_answer', 'No answer'],
      ['wrong_number', 'Wrong number'],
      ['not_interested', 'Not interested'],
      ['do_not_contact', 'Do not contact'],
      ['callback_scheduled', 'Callback scheduled'],
    ] as const
  ).map(([code, label]) => ({ code, label, requiresCallbackAt: code === 'callback_scheduled' })),
);

/** One problem with a submitted list, named by its path (`items[2].code`). */
export interface DispositionIssue {
  field: string;
  message: string;
}

export type ParsedDispositions = { ok: true; value: Disposition[] } | { ok: false; issues: DispositionIssue[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a replacement list, `[...]` or `{ items: [...] }`: each `{ code, label, requiresCallbackAt? }`,
 * codes matching DISPOSITION_CODE and unique, labels 1-120 characters, the built-in codes present.
 */
export function parseDispositions(body: unknown): ParsedDispositions {
  const items: unknown = isRecord(body) ? body.items : body;
  if (!Array.isArray(items)) return fail('items', 'must be a list of dispositions');
  if (items.length > DISPOSITIONS_MAX) return fail('items', `must hold at most ${DISPOSITIONS_MAX} dispositions`);
  const issues: DispositionIssue[] = [];
  const seen = new Set<string>();
  const value: Disposition[] = [];

  items.forEach((item: unknown, i) => {
    const at = `items[${i}]`;
    if (!isRecord(item)) {
      issues.push({ field: at, message: 'must be an object { code, label, requiresCallbackAt? }' });
      return;
    }
    const { code, label, requiresCallbackAt } = item;
    if (typeof code !== 'string' || !DISPOSITION_CODE.test(code)) {
      issues.push({ field: `${at}.code`, message: 'must match ^[a-z][a-z0-9_]{1,39}$' });
    } else if (seen.has(code)) {
      issues.push({ field: `${at}.code`, message: `${code} is listed twice` });
    }
    if (typeof label !== 'string' || label.trim().length === 0 || label.length > DISPOSITION_LABEL_MAX) {
      issues.push({ field: `${at}.label`, message: `must be 1-${DISPOSITION_LABEL_MAX} characters` });
    }
    if (requiresCallbackAt !== undefined && typeof requiresCallbackAt !== 'boolean') {
      issues.push({ field: `${at}.requiresCallbackAt`, message: 'must be a boolean' });
    }
    if (typeof code === 'string' && code === 'callback_scheduled' && requiresCallbackAt === false) {
      issues.push({ field: `${at}.requiresCallbackAt`, message: 'callback_scheduled always needs callbackAt' });
    }
    if (typeof code !== 'string' || typeof label !== 'string') return;
    seen.add(code);
    value.push({
      code,
      label: label.trim(),
      requiresCallbackAt: code === 'callback_scheduled' || requiresCallbackAt === true,
    });
  });

  for (const builtIn of BUILT_IN_DISPOSITIONS) {
    if (!seen.has(builtIn))
      issues.push({ field: 'items', message: `${builtIn} cannot be removed: the service acts on it` });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

function fail(field: string, message: string): ParsedDispositions {
  return { ok: false, issues: [{ field, message }] };
}

/** What a wrap-up with this disposition does beyond ending the assignment and closing the contact. */
export interface WrapUpEffects {
  scheduleCallback: boolean;
  markDoNotContact: boolean;
}

export function wrapUpEffects(disposition: Disposition): WrapUpEffects {
  return {
    scheduleCallback: disposition.requiresCallbackAt,
    markDoNotContact: disposition.code === 'do_not_contact',
  };
}

export type CallbackAtCheck = { ok: true; dueAt: Date | null } | { ok: false; message: string };

/** `callbackAt` of a wrap-up: required, valid and in the future exactly when the disposition schedules a callback. */
export function checkCallbackAt(
  disposition: Disposition,
  callbackAt: string | undefined,
  now: number,
): CallbackAtCheck {
  if (!disposition.requiresCallbackAt) {
    return callbackAt === undefined
      ? { ok: true, dueAt: null }
      : { ok: false, message: `is only given with a disposition that schedules a callback, not ${disposition.code}` };
  }
  if (callbackAt === undefined) return { ok: false, message: `is required with ${disposition.code}` };
  const dueAt = new Date(callbackAt);
  if (Number.isNaN(dueAt.getTime())) return { ok: false, message: 'must be an ISO 8601 date-time' };
  if (dueAt.getTime() <= now) return { ok: false, message: 'must be in the future' };
  return { ok: true, dueAt };
}
