import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { fairness, skillKey } from './domain/fairness';
import { change, splitPeriods, summarizePeriod } from './domain/periods';
import { linesTargeting } from './domain/segments';
import { rate, round } from './domain/stats';
import { ReportsReadRepository, type SegmentDimension } from './reports-read.repository';
import { period, ReportsService } from './reports.service';
import type { ReportQuery, SegmentsQuery, SellersQuery } from './reports.dto';
import type {
  AgentsReport,
  Report,
  SegmentsReport,
  SellerReportRow,
  SellersReport,
  StalledReportRow,
} from './reports.views';

/**
 * The people reports: agents (offers by outcome, contacts handled, utilization and fairness),
 * stalled deals per stage and owner, the sellers' two periods (the article's promise), and market
 * planning's segments.
 */
@Injectable()
export class TeamReportsService {
  constructor(
    private readonly reports: ReportsService,
    private readonly reads: ReportsReadRepository,
    private readonly clock: Clock,
  ) {}

  async agents(query: ReportQuery): Promise<AgentsReport> {
    const range = this.reports.range(query);
    const now = this.clock.now();
    const activity = await this.reports.snapshot(() => this.reads.agentActivity(range, now));
    const index = await this.reports.index(range);
    const end = new Date(Math.min(range.to.getTime(), now.getTime()));
    const businessMs = Math.max(0, index.between(range.from, end));
    const fair = fairness(
      activity.map((a) => ({ agentId: a.agentId, skillKey: skillKey(a.skills), assignments: a.handled })),
    );
    return this.reports.logged('agents', {
      ...period(range),
      businessSeconds: businessMs / 1000,
      rows: activity.map((a) => {
        const f = fair.get(a.agentId)!;
        return {
          agentId: a.agentId,
          name: a.name,
          offers: a.offers,
          accepted: a.accepted,
          declined: a.declined,
          expired: a.expired,
          handled: a.handled,
          busySeconds: round(a.busyMs / 1000, 3),
          utilization: rate(a.busyMs, businessMs),
          fairness: { peers: f.peers, share: f.share, groupSpread: f.groupSpread },
        };
      }),
    });
  }

  async stalled(query: ReportQuery): Promise<Report<StalledReportRow>> {
    const range = this.reports.range(query);
    const rows = await this.reports.snapshot(() => this.reads.stalled(range));
    return this.reports.logged('stalled', {
      ...period(range),
      rows: rows.map((r) => ({ ...r, oldestStalledAt: new Date(r.oldestStalledAt).toISOString() })),
    });
  }

  async sellers(query: SellersQuery): Promise<SellersReport> {
    const range = this.reports.range(query);
    const periods = splitPeriods(range.from, range.to, query.before ? new Date(query.before) : undefined);
    if (!periods) {
      const message = 'before must be after from and before to';
      throw new DomainError('validation_failed', message, [{ field: 'before', message }]);
    }
    const activity = await this.reports.snapshot(async () => {
      const out = [];
      for (const p of periods) out.push({ period: p, sellers: await this.reads.sellerActivity(p) });
      return out;
    });
    const rows: SellerReportRow[] = activity.flatMap(({ period: p, sellers }) =>
      sellers.map((s) => ({
        period: p.name,
        sellerId: s.sellerId,
        sellerName: s.sellerName,
        customersServed: s.customersServed,
        won: s.won,
        averageCycleDays:
          s.cycleDays.length === 0 ? null : round(s.cycleDays.reduce((a, b) => a + b, 0) / s.cycleDays.length, 1),
      })),
    );
    const summaries = activity.map(({ period: p, sellers }) => ({
      name: p.name,
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      ...summarizePeriod(sellers),
    }));
    const [before, after] = summaries;
    return this.reports.logged('sellers', {
      ...period(range),
      rows,
      periods: summaries,
      change:
        summaries.length === 2
          ? {
              customersPerSeller: change(before.customersPerSeller, after.customersPerSeller),
              averageCycleDays: change(before.averageCycleDays, after.averageCycleDays),
            }
          : null,
    });
  }

  async segments(query: SegmentsQuery): Promise<SegmentsReport> {
    const range = this.reports.range(query);
    const by: SegmentDimension = query.by ?? 'segment';
    const { rows, lines } = await this.reports.snapshot(async () => ({
      rows: await this.reads.segments(range, by),
      lines: await this.reads.productLineSegments(),
    }));
    return this.reports.logged('segments', {
      ...period(range),
      by,
      rows: rows.map((r) => ({
        ...r,
        leadRate: rate(r.leads, r.contacts),
        winRate: rate(r.won, r.leads),
        productLines: linesTargeting(lines, by, r.segment),
      })),
    });
  }
}
