import fc from 'fast-check';
import { MicroBatcher } from './micro-batcher';

/** A scheduler the spec fires by hand: time moves only when `fire` is called. */
function manualScheduler() {
  const tasks: { task: () => void; ms: number }[] = [];
  return {
    schedule: (task: () => void, ms: number) => void tasks.push({ task, ms }),
    fire: () => tasks.splice(0).forEach((t) => t.task()),
    get scheduled() {
      return tasks.map((t) => t.ms);
    },
  };
}

/** A flush the spec completes by hand, recording each batch it was given. */
function manualFlush() {
  const batches: { items: number[]; done: (results?: string[]) => void; fail: (e: Error) => void }[] = [];
  const flush = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({ items, done: (r) => resolve(r ?? items.map((i) => `r${i}`)), fail: reject });
    });
  return { flush, batches };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('MicroBatcher', () => {
  it('holds the first item for the window, then flushes everything that arrived in it as one batch', async () => {
    const clock = manualScheduler();
    const { flush, batches } = manualFlush();
    const batcher = new MicroBatcher(flush, { windowMs: 2, maxSize: 10, maxInFlight: 2, schedule: clock.schedule });
    const answers = [1, 2, 3].map((i) => batcher.submit(i));
    expect(clock.scheduled).toEqual([2]);
    expect(batches).toHaveLength(0);
    clock.fire();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    batches[0].done();
    await expect(Promise.all(answers)).resolves.toEqual(['r1', 'r2', 'r3']);
  });

  it('flushes a full batch at once, without waiting for the window', () => {
    const clock = manualScheduler();
    const { flush, batches } = manualFlush();
    const batcher = new MicroBatcher(flush, { windowMs: 2, maxSize: 2, maxInFlight: 4, schedule: clock.schedule });
    void batcher.submit(1);
    void batcher.submit(2);
    expect(batches.map((b) => b.items)).toEqual([[1, 2]]);
  });

  it('gathers items while every flush slot is busy and sends them when one frees', async () => {
    const clock = manualScheduler();
    const { flush, batches } = manualFlush();
    const batcher = new MicroBatcher(flush, { windowMs: 1, maxSize: 100, maxInFlight: 1, schedule: clock.schedule });
    void batcher.submit(1);
    clock.fire();
    expect(batcher.running).toBe(1);
    [2, 3, 4].forEach((i) => void batcher.submit(i));
    clock.fire();
    expect(batches).toHaveLength(1);
    expect(batcher.waiting).toBe(3);
    batches[0].done();
    await settle();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every item of a batch whose flush throws, and only that batch', async () => {
    const clock = manualScheduler();
    const { flush, batches } = manualFlush();
    const batcher = new MicroBatcher(flush, { windowMs: 1, maxSize: 2, maxInFlight: 2, schedule: clock.schedule });
    const first = [batcher.submit(1), batcher.submit(2)];
    const second = [batcher.submit(3), batcher.submit(4)];
    batches[0].fail(new Error('connection lost'));
    batches[1].done();
    for (const answer of first) await expect(answer).rejects.toThrow('connection lost');
    await expect(Promise.all(second)).resolves.toEqual(['r3', 'r4']);
  });

  it('fails the batch when the flush answers the wrong number of results', async () => {
    const clock = manualScheduler();
    const { flush, batches } = manualFlush();
    const batcher = new MicroBatcher(flush, { windowMs: 0, maxSize: 5, maxInFlight: 1, schedule: clock.schedule });
    const answer = batcher.submit(1);
    clock.fire();
    batches[0].done([]);
    await expect(answer).rejects.toThrow('0 results for 1 items');
  });

  it('answers every item exactly once with its own result, whatever the sizes and slots', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        async (count, maxSize, maxInFlight) => {
          const sizes: number[] = [];
          let running = 0;
          let most = 0;
          const batcher = new MicroBatcher(
            async (items: number[]) => {
              running++;
              most = Math.max(most, running);
              sizes.push(items.length);
              await settle();
              running--;
              return items.map((i) => i * 10);
            },
            { windowMs: 0, maxSize, maxInFlight },
          );
          const answers = await Promise.all(Array.from({ length: count }, (_, i) => batcher.submit(i)));
          expect(answers).toEqual(Array.from({ length: count }, (_, i) => i * 10));
          expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
          expect(Math.max(...sizes)).toBeLessThanOrEqual(maxSize);
          expect(most).toBeLessThanOrEqual(maxInFlight);
        },
      ),
      { numRuns: 50 },
    );
  });
});
