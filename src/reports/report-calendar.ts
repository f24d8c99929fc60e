import { Injectable } from '@nestjs/common';
import { ALWAYS_OPEN, type BusinessCalendar } from '../business-hours/domain/business-time';

/**
 * Where the reports get the business-hours calendar their SLAs and speed to lead count in. A port,
 * so specs pass a calendar of their own; ReportsModule binds it to the business-hours module's
 * BusinessCalendarSource (the calendar an admin set, ALWAYS_OPEN until then).
 */
export abstract class ReportCalendar {
  abstract calendar(): Promise<BusinessCalendar>;
}

/** Open around the clock: business time is wall time. */
@Injectable()
export class AlwaysOpenReportCalendar extends ReportCalendar {
  calendar(): Promise<BusinessCalendar> {
    return Promise.resolve(ALWAYS_OPEN);
  }
}
