import { nextDiallingTime, type DiallingWindow } from './calling-hours';

/** What a wrap-up disposition does to the campaign target the call was made for. */
export type TargetOutcome = { state: 'retry'; nextAttemptAt: Date; reason: string } | { state: 'done'; reason: string };

export interface RetryPolicy {
  /** Wait after an unanswered call before the next attempt, ms. */
  retryDelayMs: number;
}

/**
 * `no_answer` tries again after the delay, at the first moment inside the period and calling
 * hours, until `maxAttempts` calls were made (or no calling time is left in the period): then the
 * target is done. Any other disposition ends the target (`do_not_contact` also marks the person,
 * which the wrap-up does itself). A call the agent ended without a disposition (`null`) is not
 * known to have reached anyone, so it is tried again by the same rule as `no_answer`. `attempts`
 * counts the calls made, this one included.
 */
export function targetOutcome(input: {
  disposition: string | null;
  attempts: number;
  maxAttempts: number;
  now: Date;
  window: DiallingWindow;
  policy: RetryPolicy;
}): TargetOutcome {
  if (input.disposition !== null && input.disposition !== 'no_answer') {
    return { state: 'done', reason: `disposition ${input.disposition}` };
  }
  const what = input.disposition === null ? 'ended without a disposition' : 'no answer';
  if (input.attempts >= input.maxAttempts) {
    return { state: 'done', reason: `${what} after ${input.attempts} of ${input.maxAttempts} attempts` };
  }
  const next = nextDiallingTime(new Date(input.now.getTime() + input.policy.retryDelayMs), input.window);
  if (!next) return { state: 'done', reason: `${what} and no calling time left in the campaign period` };
  return {
    state: 'retry',
    nextAttemptAt: next,
    reason: `${what}, attempt ${input.attempts} of ${input.maxAttempts}`,
  };
}
