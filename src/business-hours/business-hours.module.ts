import { Module } from '@nestjs/common';
import { BusinessCalendarSource } from './business-calendar-source';
import { BusinessHoursController } from './business-hours.controller';
import { BusinessHoursRepository } from './business-hours.repository';
import { BusinessHoursService } from './business-hours.service';

/**
 * Business hours: the calendar every SLA counts in (wait, handoff, back office), the after-hours
 * answer of voice and web, and `GET/PUT /business-hours`. Other modules use BusinessHoursService.
 */
@Module({
  controllers: [BusinessHoursController],
  providers: [
    BusinessHoursService,
    BusinessHoursRepository,
    { provide: BusinessCalendarSource, useExisting: BusinessHoursService },
  ],
  exports: [BusinessHoursService, BusinessCalendarSource],
})
export class BusinessHoursModule {}
