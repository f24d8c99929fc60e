import { Module } from '@nestjs/common';
import { BusinessHoursModule } from '../business-hours/business-hours.module';
import { BusinessCalendarSource } from '../business-hours/business-calendar-source';
import { ChannelCostRepository } from './channel-cost.repository';
import { ChannelCostsService } from './channel-costs.service';
import { ReportCalendar } from './report-calendar';
import { ReportsReadRepository } from './reports-read.repository';
import { ReportCohortRepository } from './report-cohort.repository';
import { ReportCohortCompactor } from './report-cohort-compactor.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { TeamReportsService } from './team-reports.service';
import { ReportRollupRepository } from './report-rollup.repository';
import { ReportRollService } from './report-roll.service';
import { RolledWaitsService } from './rolled-waits.service';

/**
 * The reports over time (`/reports/*`): the funnel per channel, speed to lead and SLA attainment in
 * business time, agents, stalled deals, cost per lead, the sellers' two periods and the segments
 * of market planning, as JSON or CSV; and the channel costs (`PUT /reports/channel-costs`).
 */
@Module({
  imports: [BusinessHoursModule],
  controllers: [ReportsController],
  providers: [
    ReportsReadRepository,
    ChannelCostRepository,
    ReportsService,
    TeamReportsService,
    ChannelCostsService,
    ReportCohortRepository,
    ReportCohortCompactor,
    ReportRollupRepository,
    ReportRollService,
    RolledWaitsService,
    // The business hours in force (GET/PUT /business-hours): speed to lead and SLAs count in them.
    { provide: ReportCalendar, useExisting: BusinessCalendarSource },
  ],
  // The worker role runs the report jobs: the funnel days' compaction and the rollup's roll.
  exports: [ReportCohortCompactor, ReportRollService],
})
export class ReportsModule {}
