import { Clock } from '../../src/common/clock';

/** A clock that moves only when told to. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-06-01T09:00:00.000Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }
}
