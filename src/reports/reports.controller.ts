import { Body, Controller, Get, Header, Headers, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '../auth/auth.types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { toCsv } from './domain/csv';
import { ChannelCostsService } from './channel-costs.service';
import { ChannelCostView, PutChannelCostsDto, ReportQuery, SegmentsQuery, SellersQuery } from './reports.dto';
import { ReportsService } from './reports.service';
import { REPORT_COLUMNS, type Report, type ReportName } from './reports.views';
import { TeamReportsService } from './team-reports.service';

/** Whether the client asked for CSV (`Accept: text/csv`) rather than JSON. */
const wantsCsv = (accept: string | undefined): boolean => /\btext\/csv\b/i.test(accept ?? '');

/**
 * The reports, supervisors and admins only: JSON `{ from, to, rows }`, or with `Accept: text/csv`
 * the rows as CSV (UTF-8 with a BOM, the same columns) to download.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly team: TeamReportsService,
    private readonly costs: ChannelCostsService,
  ) {}

  @Get('funnel')
  @ApiOperation({ summary: 'Per channel: contacts received, offered, qualified, routed by route, won, lost, rates' })
  @ApiProduces('application/json', 'text/csv')
  async funnel(
    @Query() q: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('funnel', await this.reports.funnel(q), accept, res);
  }

  @Get('speed-to-lead')
  @ApiOperation({ summary: 'p50/p90/p99 business seconds to the first offer and the first human response' })
  @ApiProduces('application/json', 'text/csv')
  async speedToLead(
    @Query() q: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('speed-to-lead', await this.reports.speedToLead(q), accept, res);
  }

  @Get('sla')
  @ApiOperation({
    summary: 'Attainment of the wait SLA (80/20), the handoff SLA and the back-office SLAs, in business time',
  })
  @ApiProduces('application/json', 'text/csv')
  async sla(
    @Query() q: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('sla', await this.reports.sla(q), accept, res);
  }

  @Get('agents')
  @ApiOperation({
    summary: 'Per agent: offers by outcome, handled, utilization, fairness among equally skilled agents',
  })
  @ApiProduces('application/json', 'text/csv')
  async agents(
    @Query() q: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('agents', await this.team.agents(q), accept, res);
  }

  @Get('stalled')
  @ApiOperation({ summary: 'Open leads flagged stalled in the period, per maturity stage and owner' })
  @ApiProduces('application/json', 'text/csv')
  async stalled(
    @Query() q: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('stalled', await this.team.stalled(q), accept, res);
  }

  @Get('cost')
  @ApiOperation({ summary: 'Per channel: cost, cost per lead and per won deal, from the channel costs' })
  @ApiProduces('application/json', 'text/csv')
  async cost(
    @Query() q: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('cost', await this.reports.cost(q), accept, res);
  }

  @Get('sellers')
  @ApiOperation({ summary: 'Customers served per seller and sales cycle time, for two periods split by ?before=' })
  @ApiProduces('application/json', 'text/csv')
  async sellers(
    @Query() q: SellersQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('sellers', await this.team.sellers(q), accept, res);
  }

  @Get('segments')
  @ApiOperation({ summary: 'Contacts, leads and wins per customer segment (or ?by=industry|size|region)' })
  @ApiProduces('application/json', 'text/csv')
  async segments(
    @Query() q: SegmentsQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer('segments', await this.team.segments(q), accept, res);
  }

  @Get('channel-costs')
  @ApiOkResponse({ type: [ChannelCostView] })
  channelCosts(): Promise<ChannelCostView[]> {
    return this.costs.list();
  }

  @Put('channel-costs')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Sets what channels cost per day and per contact (the others keep theirs)' })
  @ApiOkResponse({ type: [ChannelCostView] })
  putChannelCosts(
    @Body() dto: PutChannelCostsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChannelCostView[]> {
    return this.costs.put(principal, dto);
  }
}

/** The report as JSON, or as a CSV attachment when asked for. */
function answer<T extends Report<unknown>>(
  name: ReportName,
  report: T,
  accept: string | undefined,
  res: Response,
): T | string {
  res.setHeader('Cache-Control', 'no-store');
  res.vary('Accept');
  if (!wantsCsv(accept)) return report;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  const day = (iso: string) => iso.slice(0, 10);
  res.setHeader('Content-Disposition', `attachment; filename="${name}-${day(report.from)}-${day(report.to)}.csv"`);
  return toCsv(REPORT_COLUMNS[name], report.rows);
}
