import { Injectable } from '@nestjs/common';
import { jsonbParam } from '../common/json';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { BusinessCalendar } from './domain/business-time';

export interface StoredBusinessHours {
  calendar: BusinessCalendar;
  updatedAt: Date;
  updatedBy: string | null;
}

interface Row {
  timezone: string;
  weekly: BusinessCalendar['weekly'];
  holidays: string[];
  updated_at: Date;
  updated_by: string | null;
}

/** The one-row business_hours table. */
@Injectable()
export class BusinessHoursRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async get(): Promise<StoredBusinessHours | null> {
    const [row] = await this.db.manager.query<Row[]>(
      `SELECT timezone, weekly, holidays, updated_at, updated_by FROM business_hours WHERE id`,
    );
    if (!row) return null;
    return {
      calendar: { timezone: row.timezone, weekly: row.weekly, holidays: row.holidays },
      updatedAt: new Date(row.updated_at),
      updatedBy: row.updated_by,
    };
  }

  /** Replaces the calendar (the row is created on the first write). */
  async put(calendar: BusinessCalendar, updatedBy: string | null, at: Date): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO business_hours (id, timezone, weekly, holidays, updated_by, updated_at)
       VALUES (true, $1, $2::jsonb, $3::text[], $4, $5)
       ON CONFLICT (id) DO UPDATE SET timezone = EXCLUDED.timezone, weekly = EXCLUDED.weekly,
         holidays = EXCLUDED.holidays, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [calendar.timezone, jsonbParam(calendar.weekly), calendar.holidays, updatedBy, at],
    );
  }
}
