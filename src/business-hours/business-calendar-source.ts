import {
  addBusinessTime,
  ALWAYS_OPEN,
  BusinessCalendar,
  businessTimeBetween,
  subtractBusinessTime,
} from './domain/business-time';

/**
 * The port other modules count SLAs through: the calendar in force (ALWAYS_OPEN until an admin sets
 * business hours). BusinessHoursService implements it; service specs use FixedBusinessCalendar.
 */
export abstract class BusinessCalendarSource {
  abstract calendar(): Promise<BusinessCalendar>;

  /** The due date of an SLA of `ms` business milliseconds starting at `from`. */
  async dueAfter(from: Date, ms: number): Promise<Date> {
    return addBusinessTime(await this.calendar(), from, ms);
  }

  /** The latest start with `ms` business milliseconds up to `to`: older waits are over an SLA of `ms`. */
  async startBefore(to: Date, ms: number): Promise<Date> {
    return subtractBusinessTime(await this.calendar(), to, ms);
  }

  /** Business milliseconds between two instants. */
  async between(from: Date, to: Date): Promise<number> {
    return businessTimeBetween(await this.calendar(), from, to);
  }
}

/** A calendar that never changes: ALWAYS_OPEN by default (wall-clock SLAs). */
export class FixedBusinessCalendar extends BusinessCalendarSource {
  constructor(private readonly fixed: BusinessCalendar = ALWAYS_OPEN) {
    super();
  }

  calendar(): Promise<BusinessCalendar> {
    return Promise.resolve(this.fixed);
  }
}
