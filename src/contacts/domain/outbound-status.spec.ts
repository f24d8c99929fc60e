import { movesForward, OutboundStatus } from './outbound-status';

const cases: [OutboundStatus, OutboundStatus, boolean][] = [
  ['queued', 'sent', true],
  ['queued', 'delivered', true],
  ['queued', 'failed', true],
  ['sent', 'delivered', true],
  ['sent', 'failed', true],
  ['sent', 'sent', false],
  ['sent', 'queued', false],
  ['delivered', 'failed', false],
  ['delivered', 'sent', false],
  ['failed', 'delivered', false],
  ['failed', 'queued', false],
];

describe('outbound status', () => {
  it.each(cases)('%s -> %s moves forward: %p', (from, to, expected) => {
    expect(movesForward(from, to)).toBe(expected);
  });
});
