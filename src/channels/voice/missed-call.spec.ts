import { FINAL_CALL_STATUSES, isFinalCallStatus, missedCallReason } from './missed-call';

describe('missedCallReason', () => {
  const none = { bridged: false, voicemail: false };

  it.each([
    ['no-answer', none, 'no-answer'],
    ['busy', none, 'busy'],
    ['failed', none, 'failed'],
    ['canceled', none, 'canceled'],
    ['completed', none, 'abandoned'],
    ['completed', { bridged: true, voicemail: false }, null],
    ['completed', { bridged: false, voicemail: true }, null],
    ['completed', { bridged: true, voicemail: true }, null],
    // A call that never connected is missed whatever else was recorded.
    ['no-answer', { bridged: true, voicemail: true }, 'no-answer'],
  ] as const)('%s with %j -> %s', (status, facts, expected) => {
    expect(missedCallReason(status, facts)).toBe(expected);
  });

  it('knows which statuses end a call', () => {
    expect(FINAL_CALL_STATUSES.every(isFinalCallStatus)).toBe(true);
    expect(['ringing', 'in-progress', 'queued', 'initiated', ''].some(isFinalCallStatus)).toBe(false);
  });
});
