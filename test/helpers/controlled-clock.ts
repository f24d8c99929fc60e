import { Clock } from '../../src/common/clock';
import { OutboxRelay } from '../../src/outbox/outbox-relay.service';
import { FakeClock } from '../fakes/fake-clock';
import type { TestApp } from './test-app';

/**
 * Puts the app's one Clock under the test's control: every service (SLA due dates, the outbox
 * relay deciding which timers are due) reads the FakeClock from now on. `fire()` moves the clock
 * and relays what became due, as the relay's own timer would when that moment came.
 */
export function controlClock(t: TestApp, start: string): FakeClock & { fire(at: string): Promise<number> } {
  const fake = new FakeClock(start);
  jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => fake.now());
  return Object.assign(fake, {
    async fire(at: string): Promise<number> {
      fake.set(at);
      return t.app.get(OutboxRelay).drain();
    },
  });
}
