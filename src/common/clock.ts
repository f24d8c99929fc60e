import { Injectable } from '@nestjs/common';

/**
 * Time as a port: services ask the clock instead of calling `Date.now()`, so a spec moves time
 * (FakeClock in test/fakes) instead of sleeping, and every timer and SLA is computed from one source.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Milliseconds since the epoch, for arithmetic. */
  nowMs(): number {
    return this.now().getTime();
  }

  /** The instant `ms` milliseconds from now. */
  in(ms: number): Date {
    return new Date(this.nowMs() + ms);
  }
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
