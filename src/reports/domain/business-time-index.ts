import {
  ALWAYS_OPEN,
  type BusinessCalendar,
  businessTimeBetween,
  nextClosing,
  nextOpening,
} from '../../business-hours/domain/business-time';

/**
 * Business time for many instants at once. A report measures tens of thousands of waits, and the
 * calendar's `businessTimeBetween` walks the days of each one; this index asks the calendar once
 * for its open stretches over the report's span (nextOpening / nextClosing), keeps the open time
 * before each stretch, and answers any wait inside the span with two binary searches. Instants
 * outside the span go to `businessTimeBetween` itself, so the answers are the calendar's.
 */
export interface IndexStretches {
  starts: number[];
  ends: number[];
  before: number[];
  spanStart: number;
  spanEnd: number;
}

export class BusinessTimeIndex {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Open ms before stretch i, from the span's start. */
  private readonly before: number[] = [];
  private readonly alwaysOpen: boolean;

  constructor(
    private readonly calendar: BusinessCalendar,
    private readonly spanStart: Date,
    private readonly spanEnd: Date,
  ) {
    let open = nextOpening(calendar, spanStart).getTime();
    const firstClose = nextClosing(calendar, new Date(open));
    this.alwaysOpen = calendar === ALWAYS_OPEN || firstClose === null;
    if (this.alwaysOpen) return;
    let total = 0;
    let close = firstClose!.getTime();
    while (open < spanEnd.getTime()) {
      this.starts.push(open);
      this.ends.push(close);
      this.before.push(total);
      total += close - open;
      open = nextOpening(calendar, new Date(close)).getTime();
      const next = nextClosing(calendar, new Date(open));
      if (next === null) break;
      close = next.getTime();
    }
  }

  /**
   * The same index as plain numbers, for a query to answer its waits itself (`reports/business-time-sql.ts`):
   * null when the calendar is always open (business time is wall time), else the stretches'
   * starts and ends (epoch ms, ascending) with the open ms before each, and the span they cover.
   * Between two instants of the span, open time is `F(b) - F(a)`, F(t) = before[k] + min(t, ends[k])
   * - starts[k] for the last stretch k starting at or before t (0 when none), exactly `betweenMs`.
   */
  stretches(): IndexStretches | null {
    if (this.alwaysOpen) return null;
    return {
      starts: [...this.starts],
      ends: [...this.ends],
      before: [...this.before],
      spanStart: this.spanStart.getTime(),
      spanEnd: this.spanEnd.getTime(),
    };
  }

  /** Milliseconds of open time between two instants (negative when `to` is before `from`). */
  between(from: Date, to: Date): number {
    return this.betweenMs(from.getTime(), to.getTime());
  }

  betweenMs(from: number, to: number): number {
    if (this.alwaysOpen) return to - from;
    const lo = this.spanStart.getTime();
    const hi = this.spanEnd.getTime();
    if (from < lo || to < lo || from > hi || to > hi) {
      return businessTimeBetween(this.calendar, new Date(from), new Date(to));
    }
    return this.openBefore(to) - this.openBefore(from);
  }

  /** Open ms from the span's start up to `t`. */
  private openBefore(t: number): number {
    // The last stretch starting at or before t.
    let low = 0;
    let high = this.starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid] <= t) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) return 0;
    return this.before[found] + Math.min(t, this.ends[found]) - this.starts[found];
  }
}
