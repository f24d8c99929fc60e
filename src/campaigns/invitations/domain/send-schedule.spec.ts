import fc from 'fast-check';
import { sendDueAt, sendSpanSeconds } from './send-schedule';

const START = Date.parse('2027-01-10T01:00:00.000Z');

describe('sendDueAt', () => {
  it.each([
    [0, 5, 0],
    [4, 5, 0],
    [5, 5, 1000],
    [12, 5, 2000],
    [0, 1, 0],
    [3, 1, 3000],
    [99, 100, 0],
    [100, 100, 1000],
  ])('target %i at %i per second goes %i ms after the start', (index, rate, offset) => {
    expect(sendDueAt(START, index, rate).getTime() - START).toBe(offset);
  });

  it('refuses a negative index or a rate below 1', () => {
    expect(() => sendDueAt(START, -1, 5)).toThrow(RangeError);
    expect(() => sendDueAt(START, 0, 0)).toThrow(RangeError);
    expect(() => sendDueAt(START, 0, 1.5)).toThrow(RangeError);
  });

  it('never puts more than `rate` sends in one second, and never delays one by a second too many (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 400 }), (rate, count) => {
        const perSecond = new Map<number, number>();
        for (let i = 0; i < count; i++) {
          const second = (sendDueAt(START, i, rate).getTime() - START) / 1000;
          perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
        }
        expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(rate);
        expect(perSecond.size).toBe(sendSpanSeconds(count, rate) + 1);
      }),
    );
  });
});
