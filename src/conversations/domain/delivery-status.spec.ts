import { advance, combineParts, fromTwilioStatus, OutboundStatus } from './delivery-status';

describe('delivery status', () => {
  it.each<[OutboundStatus, OutboundStatus, OutboundStatus]>([
    ['queued', 'sent', 'sent'],
    ['queued', 'delivered', 'delivered'],
    ['queued', 'failed', 'failed'],
    ['sent', 'delivered', 'delivered'],
    ['sent', 'failed', 'failed'],
    ['sent', 'queued', 'sent'], // never backwards
    ['delivered', 'sent', 'delivered'],
    ['delivered', 'failed', 'delivered'], // final
    ['failed', 'delivered', 'failed'], // final
    ['sent', 'sent', 'sent'],
  ])('%s + %s -> %s', (current, next, expected) => {
    expect(advance(current, next)).toBe(expected);
  });

  it.each([
    ['queued', 'queued'],
    ['sending', 'queued'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'delivered'],
    ['undelivered', 'failed'],
    ['failed', 'failed'],
    ['receiving', null],
  ])('Twilio %s is %s', (twilio, ours) => {
    expect(fromTwilioStatus(twilio)).toBe(ours);
  });

  it.each([
    ['no parts', [], 'queued'],
    ['all delivered', ['delivered', 'delivered'], 'delivered'],
    ['one still sent', ['delivered', 'sent'], 'sent'],
    ['one failed', ['delivered', 'failed'], 'failed'],
  ] as const)('%s', (_name, statuses, expected) => {
    const parts = statuses.map((status) => ({ status, error: status === 'failed' ? 'unreachable' : null }));
    const combined = combineParts(parts);
    expect(combined.status).toBe(expected);
    if (expected === 'failed') expect(combined.error).toBe('unreachable');
  });
});
