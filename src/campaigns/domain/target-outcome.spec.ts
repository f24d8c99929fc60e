import fc from 'fast-check';
import { isWithinCallingHours } from './calling-hours';
import { targetOutcome } from './target-outcome';

const callingHours = { timezone: 'Asia/Tokyo', from: '09:00', to: '18:00' };
const hour = 3600_000;

describe('targetOutcome', () => {
  const base = {
    attempts: 1,
    maxAttempts: 3,
    now: new Date('2027-01-15T02:00:00Z'), // 11:00 in Tokyo
    window: { startsAt: null, endsAt: null, callingHours },
    policy: { retryDelayMs: 2 * hour },
  };

  it.each([
    [
      'no_answer, first of three: retry two hours later',
      { disposition: 'no_answer' },
      'retry',
      '2027-01-15T04:00:00.000Z',
    ],
    [
      'no_answer late in the day: the next morning',
      { disposition: 'no_answer', now: new Date('2027-01-15T08:00:00Z') },
      'retry',
      '2027-01-16T00:00:00.000Z',
    ],
    ['no_answer at the last attempt: done', { disposition: 'no_answer', attempts: 3 }, 'done', null],
    [
      'no_answer past the period: done',
      { disposition: 'no_answer', window: { startsAt: null, endsAt: new Date('2027-01-15T03:00:00Z'), callingHours } },
      'done',
      null,
    ],
    ['do_not_contact: done', { disposition: 'do_not_contact' }, 'done', null],
    ['answered: done', { disposition: 'answered' }, 'done', null],
    ['seminar_registered: done', { disposition: 'seminar_registered' }, 'done', null],
    ['wrong_number: done', { disposition: 'wrong_number' }, 'done', null],
    ['ended without a disposition: retry like no_answer', { disposition: null }, 'retry', '2027-01-15T04:00:00.000Z'],
    ['ended without a disposition at the last attempt: done', { disposition: null, attempts: 3 }, 'done', null],
  ])('%s', (_label, patch, state, next) => {
    const outcome = targetOutcome({ ...base, ...patch });
    expect(outcome.state).toBe(state);
    expect(outcome.state === 'retry' ? outcome.nextAttemptAt.toISOString() : null).toBe(next);
  });

  it('a retry is never sooner than the delay and always inside the calling hours; attempts are bounded', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 48 * hour }),
        (now, attempts, maxAttempts, retryDelayMs) => {
          const outcome = targetOutcome({
            ...base,
            disposition: 'no_answer',
            attempts,
            maxAttempts,
            now,
            policy: { retryDelayMs },
          });
          if (attempts >= maxAttempts) expect(outcome.state).toBe('done');
          if (outcome.state === 'retry') {
            expect(outcome.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + retryDelayMs);
            expect(isWithinCallingHours(outcome.nextAttemptAt, callingHours)).toBe(true);
          }
        },
      ),
    );
  });
});
