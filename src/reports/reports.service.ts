import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { SALES_CHANNELS } from '../contacts/contact.types';
import { UnitOfWork } from '../database/unit-of-work';
import { DEFAULT_PAPERWORK_SLA_HOURS, BACKOFFICE_TASK_KINDS } from '../deals/domain/paperwork';
import type { BusinessCalendar } from '../business-hours/domain/business-time';
import { BusinessTimeIndex } from './domain/business-time-index';
import { channelCost, daysBetween } from './domain/cost';
import { reportRange, type ReportRange } from './domain/report-range';
import { dailyAttainment, slaAttainment, type SlaAttainment, type SlaSample, utcDay } from './domain/sla';
import { histogram, type Percentiles, percentiles, rate } from './domain/stats';
import { ChannelCostRepository } from './channel-cost.repository';
import { ReportCalendar } from './report-calendar';
import { calendarKey } from './domain/rollup-days';
import { RolledWaitsService } from './rolled-waits.service';
import type { ReportQuery } from './reports.dto';
import {
  type ContactClocks,
  type FunnelRow,
  type Measured,
  type MsPercentiles,
  ReportsReadRepository,
  type SlaClocks,
  type SlaCounts,
  type SlaLimits,
  type SpeedRow,
} from './reports-read.repository';
import type {
  CostReportRow,
  FunnelReportRow,
  Report,
  SlaReport,
  SlaRow,
  SpeedToLeadReport,
  SpeedToLeadRow,
} from './reports.views';

/** The wait SLA's service level: 80 % of contacts answered within the limit (the 80/20 rule). */
export const WAIT_SLA_GOAL = 0.8;
/** Buckets of the speed-to-lead chart, seconds: 1 min, 5 min, 15 min, 1 h, 4 h, 1 day. */
export const SPEED_BUCKETS = [60, 300, 900, 3600, 14_400, 86_400];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The channel reports: the funnel per channel, speed to lead, SLA attainment and cost per lead.
 * Every figure is over contacts received in the period (a cohort) or work started in it, read from
 * the owning tables in one REPEATABLE READ snapshot, so the rows of one report agree.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reads: ReportsReadRepository,
    private readonly costs: ChannelCostRepository,
    private readonly calendars: ReportCalendar,
    private readonly rolled: RolledWaitsService,
    private readonly clock: Clock,
    @InjectConfig()
    private readonly config: Pick<AppConfig, 'WAITING_SLA_SECONDS' | 'HANDOFF_SLA_MINUTES' | 'BACKOFFICE_SLA_HOURS'>,
  ) {}

  /** The period of a query, or a 400 naming the field. */
  range(query: ReportQuery): ReportRange {
    const result = reportRange(query, this.clock.now());
    if ('problem' in result) {
      throw new DomainError('validation_failed', result.problem.message, [result.problem]);
    }
    return result.range;
  }

  async funnel(query: ReportQuery): Promise<Report<FunnelReportRow>> {
    const range = this.range(query);
    const rows = await this.snapshot(() => this.reads.funnel(range));
    return this.logged('funnel', { ...period(range), rows: withAllChannels(rows).map(funnelRow) });
  }

  /**
   * From the rollup for the period's rolled days and from report_contact for the rest
   * (rolled-waits.service.ts); when no day of it is rolled, measured in the query (percentiles and
   * buckets over business ms, reports-read.repository.ts speedToLead), and in node from every
   * contact's clocks only when an instant falls outside the calendar's span.
   */
  async speedToLead(query: ReportQuery): Promise<SpeedToLeadReport> {
    const range = this.range(query);
    const calendar = await this.calendars.calendar();
    const index = this.indexOf(calendar, range);
    const edgesMs = SPEED_BUCKETS.map((s) => s * 1000);
    const measured = await this.snapshot(async (): Promise<Measured<SpeedRow[]>> => {
      const rolled = await this.rolled.speedToLead(range, this.clock.nowMs(), calendarKey(calendar), index, edgesMs);
      if (rolled) return { outside: false, value: rolled };
      return this.reads.speedToLead(range, index.stretches(), edgesMs);
    });
    if (measured.outside) return this.speedToLeadInNode(range, index);
    const byChannel = measured.value.filter((r) => r.channel !== undefined);
    const all = measured.value.find((r) => r.channel === undefined) ?? emptySpeed();
    const seconds = (p: MsPercentiles): Percentiles => ({
      count: p.count,
      p50: p.p50 === null ? null : p.p50 / 1000,
      p90: p.p90 === null ? null : p.p90 / 1000,
      p99: p.p99 === null ? null : p.p99 / 1000,
    });
    const row = (channel: string, r: SpeedRow): SpeedToLeadRow => ({
      channel,
      contacts: r.contacts,
      firstOffer: seconds(r.firstOffer),
      firstResponse: seconds(r.firstResponse),
    });
    return this.logged('speed-to-lead', {
      ...period(range),
      rows: [row('all', all), ...sortByChannel(byChannel).map((r) => row(r.channel ?? 'unclassified', r))],
      distribution: [...SPEED_BUCKETS, null].map((upTo, i) => ({
        upToSeconds: upTo,
        firstOffer: all.offerBuckets[i] ?? 0,
        firstResponse: all.responseBuckets[i] ?? 0,
      })),
    });
  }

  /** Speed to lead from every contact's clocks, measured in node (the calendar's own answers). */
  async speedToLeadInNode(range: ReportRange, index: BusinessTimeIndex): Promise<SpeedToLeadReport> {
    const clocks = await this.snapshot(() => this.reads.contactClocks(range));
    const perChannel = channelsOf(clocks).map((c) => speedRow(c.channel ?? 'unclassified', [c], index));
    const all = speedRow('all', clocks, index);
    const offers = histogram(durations(clocks, 'firstOfferAt', index), SPEED_BUCKETS);
    const answers = histogram(durations(clocks, 'firstResponseAt', index), SPEED_BUCKETS);
    return this.logged('speed-to-lead', {
      ...period(range),
      rows: [all, ...perChannel],
      distribution: offers.map((b, i) => ({
        upToSeconds: b.upTo,
        firstOffer: b.count,
        firstResponse: answers[i].count,
      })),
    });
  }

  /**
   * The wait SLA from the rollup for the period's rolled and decided days and from report_contact
   * for the rest (rolled-waits.service.ts), the handoffs and back-office tasks counted in the query;
   * when no day is rolled, all counted in the query (reports-read.repository.ts slaCounts). In node
   * from every sample's clocks only when an instant falls outside the calendar's span.
   */
  async sla(query: ReportQuery): Promise<SlaReport> {
    const range = this.range(query);
    const now = this.clock.now();
    const calendar = await this.calendars.calendar();
    const index = this.indexOf(calendar, range);
    const limits = this.slaLimits();
    const measured = await this.snapshot(async (): Promise<Measured<SlaCounts>> => {
      const waits = await this.rolled.waitCounts(range, now, calendarKey(calendar), index, limits.waitMs);
      if (!waits) return this.reads.slaCounts(range, now, index.stretches(), limits);
      const others = await this.reads.handoffAndBackofficeCounts(range, now, index.stretches(), limits);
      return others.outside ? others : { outside: false, value: { ...waits, ...others.value } };
    });
    if (measured.outside) return this.slaInNode(range, index);
    const counts = measured.value;
    const none: SlaAttainment = { total: 0, met: 0, missed: 0, pending: 0, attainment: null };
    const allWaits = counts.wait.find((w) => w.channel === undefined)?.attainment ?? none;
    const byChannel = sortByChannel(counts.wait.filter((w) => w.channel !== undefined));
    const rows: SlaRow[] = [
      slaRow('wait', null, allWaits, limits.waitMs, WAIT_SLA_GOAL),
      ...byChannel.map((w) => slaRow('wait', w.channel ?? null, w.attainment, limits.waitMs, WAIT_SLA_GOAL)),
      slaRow('handoff', null, counts.handoff, limits.handoffMs, null),
      ...BACKOFFICE_TASK_KINDS.map((kind) =>
        slaRow(`backoffice.${kind}`, null, counts.backoffice.get(kind) ?? none, limits.backofficeMs[kind], null),
      ),
    ];
    return this.logged('sla', {
      ...period(range),
      rows,
      daily: dailyRows(
        counts.waitDaily.map((d) => ({ day: utcDay(new Date(d.day * DAY_MS)), attainment: d.attainment })),
        counts.handoffDaily.map((d) => ({ day: utcDay(new Date(d.day * DAY_MS)), attainment: d.attainment })),
      ),
    });
  }

  private slaLimits(): SlaLimits {
    return {
      waitMs: this.config.WAITING_SLA_SECONDS * 1000,
      handoffMs: this.config.HANDOFF_SLA_MINUTES * 60_000,
      backofficeMs: Object.fromEntries(
        BACKOFFICE_TASK_KINDS.map((kind) => [
          kind,
          (this.config.BACKOFFICE_SLA_HOURS[kind] ?? DEFAULT_PAPERWORK_SLA_HOURS[kind]) * HOUR_MS,
        ]),
      ),
    };
  }

  /** SLA attainment from every sample's clocks, measured in node (the calendar's own answers). */
  async slaInNode(range: ReportRange, index: BusinessTimeIndex): Promise<SlaReport> {
    const { contacts, handoffs, tasks } = await this.snapshot(async () => ({
      contacts: await this.reads.contactClocks(range),
      handoffs: await this.reads.handoffClocks(range),
      tasks: await this.reads.backofficeClocks(range),
    }));
    const now = this.clock.now();
    const limits = this.slaLimits();
    const businessTime = (a: number, b: number) => index.betweenMs(a, b);
    const waitSamples = (list: ContactClocks[]) =>
      list.flatMap((c) => samples({ startedAt: c.receivedAt, endedAt: c.firstResponseAt }));
    const row = (
      sla: string,
      channel: string | null,
      list: SlaSample[],
      limitMs: number,
      goal: number | null,
    ): SlaRow => slaRow(sla, channel, slaAttainment(list, limitMs, businessTime, now), limitMs, goal);
    const allWaits = waitSamples(contacts);
    const handoffSamples = samples(handoffs);
    const rows: SlaRow[] = [
      row('wait', null, allWaits, limits.waitMs, WAIT_SLA_GOAL),
      ...channelsOf(contacts).map((c) => row('wait', c.channel, waitSamples([c]), limits.waitMs, WAIT_SLA_GOAL)),
      row('handoff', null, handoffSamples, limits.handoffMs, null),
      ...BACKOFFICE_TASK_KINDS.map((kind) =>
        row(
          `backoffice.${kind}`,
          null,
          samples(tasks.get(kind) ?? { startedAt: [], endedAt: [] }),
          limits.backofficeMs[kind],
          null,
        ),
      ),
    ];
    return this.logged('sla', {
      ...period(range),
      rows,
      daily: dailyRows(
        dailyAttainment(allWaits, limits.waitMs, businessTime, now),
        dailyAttainment(handoffSamples, limits.handoffMs, businessTime, now),
      ),
    });
  }

  async cost(query: ReportQuery): Promise<Report<CostReportRow>> {
    const range = this.range(query);
    const { funnel, costs } = await this.snapshot(async () => ({
      funnel: await this.reads.funnel(range),
      costs: await this.costs.all(),
    }));
    const days = daysBetween(range.from, range.to);
    const rows = SALES_CHANNELS.map((channel): CostReportRow => {
      const f = funnel.find((r) => r.channel === channel);
      const volume = { contacts: f?.contacts ?? 0, leads: f?.qualified ?? 0, won: f?.won ?? 0 };
      const c = costs.find((x) => x.channel === channel);
      const figures = c ? channelCost(c, volume, days) : { cost: null, costPerLead: null, costPerWon: null };
      return {
        channel,
        ...volume,
        currency: c?.currency ?? null,
        perDay: c?.perDay ?? null,
        perContact: c?.perContact ?? null,
        ...figures,
      };
    });
    return this.logged('cost', { ...period(range), rows });
  }

  /** The calendar's business time over the period and a little around it (waits end after `to`). */
  async index(range: ReportRange): Promise<BusinessTimeIndex> {
    return this.indexOf(await this.calendars.calendar(), range);
  }

  private indexOf(calendar: BusinessCalendar, range: ReportRange): BusinessTimeIndex {
    const end = Math.max(range.to.getTime(), this.clock.nowMs()) + 8 * 24 * HOUR_MS;
    return new BusinessTimeIndex(calendar, new Date(range.from.getTime() - 24 * HOUR_MS), new Date(end));
  }

  snapshot<T>(work: () => Promise<T>): Promise<T> {
    return this.unitOfWork.run(
      async () => {
        await this.reads.prepareSnapshot();
        return work();
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  logged<T extends Report<unknown>>(name: string, report: T): T {
    this.logger.debug({
      msg: 'report built',
      report: name,
      from: report.from,
      to: report.to,
      rows: report.rows.length,
    });
    return report;
  }
}

export const period = (range: ReportRange) => ({ from: range.from.toISOString(), to: range.to.toISOString() });

/** The three channels always, in their order, and unclassified contacts when there are any. */
function withAllChannels(rows: FunnelRow[]): FunnelRow[] {
  const empty = (channel: string | null): FunnelRow => ({
    channel,
    contacts: 0,
    offered: 0,
    qualified: 0,
    field: 0,
    eSales: 0,
    partner: 0,
    nurture: 0,
    won: 0,
    lost: 0,
  });
  const out: FunnelRow[] = SALES_CHANNELS.map((c) => rows.find((r) => r.channel === c) ?? empty(c));
  const unclassified = rows.find((r) => r.channel === null);
  return unclassified ? [...out, unclassified] : out;
}

function funnelRow(r: FunnelRow): FunnelReportRow {
  return {
    channel: r.channel,
    contacts: r.contacts,
    offered: r.offered,
    qualified: r.qualified,
    routed: { field: r.field, e_sales: r.eSales, partner: r.partner, nurture: r.nurture },
    won: r.won,
    lost: r.lost,
    rates: {
      offered: rate(r.offered, r.contacts),
      qualified: rate(r.qualified, r.contacts),
      won: rate(r.won, r.qualified),
      overall: rate(r.won, r.contacts),
    },
  };
}

/** The channels' order in every report: SALES_CHANNELS', then unclassified contacts. */
const channelOrder = (c: string | null | undefined) =>
  c === null || c === undefined ? SALES_CHANNELS.length : SALES_CHANNELS.indexOf(c as never);

function channelsOf(clocks: ContactClocks[]): ContactClocks[] {
  return sortByChannel(clocks);
}

function sortByChannel<T extends { channel: string | null | undefined }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => channelOrder(a.channel) - channelOrder(b.channel));
}

function emptySpeed(): SpeedRow {
  const none: MsPercentiles = { count: 0, p50: null, p90: null, p99: null };
  return {
    channel: undefined,
    contacts: 0,
    firstOffer: none,
    firstResponse: none,
    offerBuckets: [],
    responseBuckets: [],
  };
}

/** The SLA chart's days: every day with a wait or a handoff, in order, with each one's attainment. */
function dailyRows(
  waitDays: { day: string; attainment: SlaAttainment }[],
  handoffDays: { day: string; attainment: SlaAttainment }[],
): { day: string; wait: number | null; handoff: number | null }[] {
  const handoffByDay = new Map(handoffDays.map((d) => [d.day, d.attainment.attainment]));
  const waitByDay = new Map(waitDays.map((d) => [d.day, d.attainment.attainment]));
  const days = [...new Set([...waitDays.map((d) => d.day), ...handoffByDay.keys()])].sort();
  return days.map((day) => ({ day, wait: waitByDay.get(day) ?? null, handoff: handoffByDay.get(day) ?? null }));
}

/** Business seconds from arrival to `field` for every contact that got there. */
function durations(
  clocks: ContactClocks[],
  field: 'firstOfferAt' | 'firstResponseAt',
  index: BusinessTimeIndex,
): number[] {
  const out: number[] = [];
  for (const c of clocks) {
    const ends = c[field];
    for (let i = 0; i < c.receivedAt.length; i++) {
      if (!Number.isNaN(ends[i])) out.push(Math.max(0, index.betweenMs(c.receivedAt[i], ends[i])) / 1000);
    }
  }
  return out;
}

function speedRow(channel: string, clocks: ContactClocks[], index: BusinessTimeIndex): SpeedToLeadRow {
  return {
    channel,
    contacts: clocks.reduce((a, c) => a + c.receivedAt.length, 0),
    firstOffer: percentiles(durations(clocks, 'firstOfferAt', index)),
    firstResponse: percentiles(durations(clocks, 'firstResponseAt', index)),
  };
}

function samples(clocks: SlaClocks): SlaSample[] {
  return clocks.startedAt.map((start, i) => ({
    startedAt: start,
    endedAt: Number.isNaN(clocks.endedAt[i]) ? null : clocks.endedAt[i],
  }));
}

/** One row of the SLA report: an attainment beside its limit and, for the wait SLA, its goal. */
function slaRow(sla: string, channel: string | null, a: SlaAttainment, limitMs: number, goal: number | null): SlaRow {
  return {
    sla,
    channel,
    limitSeconds: limitMs / 1000,
    ...a,
    goal,
    goalMet: goal === null || a.attainment === null ? null : a.attainment >= goal,
  };
}
