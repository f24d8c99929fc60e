import type { IndexStretches } from './domain/business-time-index';

/**
 * Business time inside a report's query, so that the waits are measured and counted where they are
 * read instead of shipped to node one by one. The calendar's open stretches over the report's span
 * (`BusinessTimeIndex.stretches()`) travel as three bigint[] parameters: starts, ends and the open
 * ms accumulated before each. The open time up to an instant t (epoch ms) is
 *
 *   F(t) = before[k] + least(t, ends[k]) - starts[k],  k = width_bucket(t, starts)
 *
 * (width_bucket: a binary search for the last start at or before t; 0 when none, and before[0] is
 * NULL, hence the coalesce), and the business time from a to b is F(b) - F(a), exactly what
 * `BusinessTimeIndex.betweenMs` answers inside its span. When the calendar is always open there are
 * no stretches and business time is b - a.
 *
 * An instant outside the span is flagged by `outside(...)`: the query counts those, and the caller
 * measures the whole report in node instead (`businessTimeBetween` answers those), so the figures
 * never depend on where the span ends.
 */
export class BusinessTimeSql {
  private constructor(
    private readonly stretches: IndexStretches | null,
    /** Position of the first of this fragment's parameters ($n): starts, ends, before, span start, span end. */
    private readonly first: number,
  ) {}

  static of(stretches: IndexStretches | null, firstParameter: number): BusinessTimeSql {
    return new BusinessTimeSql(stretches, firstParameter);
  }

  /** The values of this fragment's parameters, to append to a query's at `firstParameter`. */
  parameters(): unknown[] {
    if (!this.stretches) return [];
    const s = this.stretches;
    return [s.starts, s.ends, s.before, s.spanStart, s.spanEnd];
  }

  /** Business ms from `a` to `b` (bigint ms expressions); NULL when either is NULL. */
  between(a: string, b: string): string {
    if (!this.stretches) return `((${b}) - (${a}))`;
    return `(${this.openBefore(b)} - ${this.openBefore(a)})`;
  }

  /** True when a non-null instant among `instants` lies outside the span (never when always open). */
  outside(...instants: string[]): string {
    if (!this.stretches) return 'false';
    const lo = `$${this.first + 3}::bigint`;
    const hi = `$${this.first + 4}::bigint`;
    return `(${instants.map((t) => `coalesce((${t}) < ${lo} OR (${t}) > ${hi}, false)`).join(' OR ')})`;
  }

  private openBefore(t: string): string {
    const starts = `($${this.first}::bigint[])`;
    const ends = `($${this.first + 1}::bigint[])`;
    const before = `($${this.first + 2}::bigint[])`;
    const k = `width_bucket((${t}), ${starts})`;
    // NULL in, NULL out: the coalesce only stands for "before the first stretch".
    return `(CASE WHEN (${t}) IS NOT NULL THEN coalesce(${before}[${k}] + least((${t}), ${ends}[${k}]) - ${starts}[${k}], 0) END)`;
  }
}
