import type { BusinessHoursRepository, StoredBusinessHours } from '../../src/business-hours/business-hours.repository';
import type { BusinessCalendar } from '../../src/business-hours/domain/business-time';
import type { Public } from './public';

/** The business_hours row in memory; `reads` counts how often the service went to the table. */
export class FakeBusinessHoursRepository implements Public<BusinessHoursRepository> {
  stored: StoredBusinessHours | null = null;
  reads = 0;

  get(): Promise<StoredBusinessHours | null> {
    this.reads++;
    return Promise.resolve(this.stored);
  }

  put(calendar: BusinessCalendar, updatedBy: string | null, at: Date): Promise<void> {
    this.stored = { calendar, updatedBy, updatedAt: at };
    return Promise.resolve();
  }
}
