import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { TimelineRepository } from '../timeline/timeline.repository';
import { BusinessCalendarSource } from './business-calendar-source';
import { BusinessHoursRepository } from './business-hours.repository';
import {
  ALWAYS_OPEN,
  BusinessCalendar,
  calendarProblems,
  isOpen,
  nextOpening,
  normalizeCalendar,
  type Weekday,
} from './domain/business-time';

/**
 * How long a process trusts its copy of the calendar. A PUT clears the copy of the process that
 * served it at once; every other api or worker process sees the change within this bound. A NOTIFY
 * would be quicker, but it needs a listening connection per process in both runtimes (Redis and
 * PostgreSQL-only) for a setting changed a few times a year, and an SLA due date computed in those
 * seconds is off by at most the change itself. One indexed one-row read per 10 s per process is free.
 */
export const BUSINESS_HOURS_CACHE_MS = 10_000;

export interface BusinessHoursView {
  timezone: string;
  weekly: Record<Weekday, Array<[string, string]>>;
  holidays: string[];
  /** False while nothing was set: the service is open around the clock (ALWAYS_OPEN). */
  configured: boolean;
  updatedAt: string | null;
}

export interface BusinessHoursInput {
  timezone: string;
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  holidays?: string[];
}

/**
 * The business hours SLAs count in: `calendar()` for other modules (routing, deals, supervisor,
 * channels, reports), `GET/PUT /business-hours` for admins.
 */
@Injectable()
export class BusinessHoursService extends BusinessCalendarSource {
  private readonly logger = new Logger(BusinessHoursService.name);
  private cached: { calendar: BusinessCalendar; loadedAt: number } | null = null;
  private loading: Promise<BusinessCalendar> | null = null;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly hours: BusinessHoursRepository,
    private readonly timeline: TimelineRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** The calendar in force: the stored one, or ALWAYS_OPEN when none is set. */
  async calendar(): Promise<BusinessCalendar> {
    // A monotonic clock for the cache: a test moving the business clock must not freeze or flush it.
    if (this.cached && performance.now() - this.cached.loadedAt < BUSINESS_HOURS_CACHE_MS) {
      return this.cached.calendar;
    }
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  async isOpen(at: Date = this.clock.now()): Promise<boolean> {
    return isOpen(await this.calendar(), at);
  }

  async nextOpening(at: Date = this.clock.now()): Promise<Date> {
    return nextOpening(await this.calendar(), at);
  }

  async view(): Promise<BusinessHoursView> {
    const stored = await this.hours.get();
    const calendar = stored?.calendar ?? ALWAYS_OPEN;
    return {
      timezone: calendar.timezone,
      weekly: calendar.weekly,
      holidays: calendar.holidays,
      configured: stored !== null,
      updatedAt: stored?.updatedAt.toISOString() ?? null,
    };
  }

  /** Replaces the business hours (admin); every problem of the input answers 400 naming its field. */
  async put(principal: Principal, input: BusinessHoursInput): Promise<BusinessHoursView> {
    const problems = calendarProblems(input);
    if (problems.length > 0) {
      throw new DomainError('validation_failed', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
    }
    const calendar = normalizeCalendar(input);
    await this.unitOfWork.run(async () => {
      await this.hours.put(calendar, principal.id, this.clock.now());
      await this.timeline.append({
        type: 'business_hours.changed',
        actor: `user:${principal.id}`,
        data: { timezone: calendar.timezone, weekly: calendar.weekly, holidays: calendar.holidays },
      });
      this.unitOfWork.afterCommit(() => {
        this.cached = { calendar, loadedAt: performance.now() };
        this.logger.log(
          { timezone: calendar.timezone, holidays: calendar.holidays.length, by: principal.id },
          'business hours changed',
        );
      });
    });
    return this.view();
  }

  private async load(): Promise<BusinessCalendar> {
    const stored = await this.hours.get();
    const calendar = stored?.calendar ?? ALWAYS_OPEN;
    this.cached = { calendar, loadedAt: performance.now() };
    return calendar;
  }
}
