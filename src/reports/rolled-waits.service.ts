import { Injectable } from '@nestjs/common';
import type { BusinessTimeIndex } from './domain/business-time-index';
import { DAY_MS, dayOf, rangesWithout, wholeDaysBefore } from './domain/rollup-days';
import { type SlaAttainment, slaAttainment, type SlaSample } from './domain/sla';
import { rate } from './domain/stats';
import {
  addCount,
  type BucketCounts,
  countAtMost,
  nearestRank,
  placeRanks,
  totalOf,
  valueAt,
  waitBucket,
} from './domain/wait-buckets';
import { ReportRollupRepository, type WaitKind } from './report-rollup.repository';
import type { MsPercentiles, Range, SlaCounts, SpeedRow } from './reports-read.repository';
import { ReportsReadRepository } from './reports-read.repository';

/** The groups a report's rows are over: each channel (null: unclassified) and every contact (ALL). */
const ALL = Symbol('all');
type Group = string | null | typeof ALL;

const KINDS: WaitKind[] = ['offer', 'answer'];
const PERCENTILES = [50, 90, 99];

/** The waits of a group and kind: counts per bucket (rolled and live) and the live waits by bucket. */
interface GroupWaits {
  counts: BucketCounts;
  live: Map<number, number[]>;
}

const emptyWaits = (): GroupWaits => ({ counts: new Map(), live: new Map() });

/**
 * Speed to lead and the wait SLA from the rollup (report-rollup.repository.ts) for the period's
 * whole days it holds, and from report_contact for the rest (edge days, today, stale or unrolled
 * days), merged exactly: the counts of every bucket decide which bucket holds each percentile's
 * rank, and only those buckets' waits are read. Call inside the report's snapshot. Null when no
 * day of the period is rolled: the caller measures it all in the query, as before.
 */
@Injectable()
export class RolledWaitsService {
  constructor(
    private readonly rollups: ReportRollupRepository,
    private readonly reads: ReportsReadRepository,
  ) {}

  /** The period's whole days before today rolled under the calendar `key` (`decided`: only those kept). */
  private async split(range: Range, nowMs: number, key: string, keep: (day: number) => boolean = () => true) {
    const whole = wholeDaysBefore(range.from.getTime(), range.to.getTime(), dayOf(nowMs)).filter(keep);
    const rolled = await this.rollups.rolledDays(whole, key);
    const live = rangesWithout(range.from.getTime(), range.to.getTime(), rolled).map(([from, to]) => ({
      from: new Date(from),
      to: new Date(to),
    }));
    return { rolled, live };
  }

  async speedToLead(
    range: Range,
    nowMs: number,
    key: string,
    index: BusinessTimeIndex,
    edgesMs: number[],
  ): Promise<SpeedRow[] | null> {
    const { rolled, live } = await this.split(range, nowMs, key);
    if (rolled.length === 0) return null;
    const clocks = await this.reads.contactClocksIn(live);
    const contacts = new Map<Group, number>([[ALL, 0]]);
    const waits = new Map<WaitKind, Map<Group, GroupWaits>>(KINDS.map((k) => [k, new Map([[ALL, emptyWaits()]])]));
    const groupOf = (kind: WaitKind, group: Group) => {
      const groups = waits.get(kind)!;
      let g = groups.get(group);
      if (!g) groups.set(group, (g = emptyWaits()));
      return g;
    };
    const addContacts = (channel: string | null, n: number) => {
      contacts.set(channel, (contacts.get(channel) ?? 0) + n);
      contacts.set(ALL, contacts.get(ALL)! + n);
    };
    for (const r of await this.rollups.dayCounts(rolled)) addContacts(r.channel, r.contacts);
    for (const r of await this.rollups.bucketCounts(rolled)) {
      addCount(groupOf(r.kind, r.channel).counts, r.bucket, r.n);
      addCount(groupOf(r.kind, ALL).counts, r.bucket, r.n);
    }
    for (const c of clocks) {
      addContacts(c.channel, c.receivedAt.length);
      for (const kind of KINDS) {
        const ends = kind === 'offer' ? c.firstOfferAt : c.firstResponseAt;
        for (let i = 0; i < c.receivedAt.length; i++) {
          if (Number.isNaN(ends[i])) continue;
          const wait = Math.max(0, index.betweenMs(c.receivedAt[i], ends[i]));
          const bucket = waitBucket(wait);
          for (const g of [groupOf(kind, c.channel), groupOf(kind, ALL)]) {
            addCount(g.counts, bucket, 1);
            const list = g.live.get(bucket);
            if (list) list.push(wait);
            else g.live.set(bucket, [wait]);
          }
        }
      }
    }
    // Which buckets' waits are needed: those of each rank and of each chart edge.
    const edgeBuckets = edgesMs.map(waitBucket);
    const rolledWaits = new Map<WaitKind, Map<Group, Map<number, number[]>>>();
    for (const kind of KINDS) {
      const needed = new Set<number>(edgeBuckets);
      for (const g of waits.get(kind)!.values()) {
        const total = totalOf(g.counts);
        if (total === 0) continue;
        for (const place of placeRanks(g.counts, PERCENTILES.map((p) => nearestRank(total, p)))) needed.add(place.bucket);
      }
      const byGroup = new Map<Group, Map<number, number[]>>();
      const push = (group: Group, bucket: number, list: number[]) => {
        let m = byGroup.get(group);
        if (!m) byGroup.set(group, (m = new Map()));
        m.set(bucket, [...(m.get(bucket) ?? []), ...list]);
      };
      for (const r of await this.rollups.bucketWaits(rolled, kind, [...needed])) {
        push(r.channel, r.bucket, r.waits);
        push(ALL, r.bucket, r.waits);
      }
      rolledWaits.set(kind, byGroup);
    }
    const valuesOf = (kind: WaitKind, group: Group, g: GroupWaits, bucket: number) =>
      [...(rolledWaits.get(kind)!.get(group)?.get(bucket) ?? []), ...(g.live.get(bucket) ?? [])].sort((a, b) => a - b);
    const percentilesOf = (kind: WaitKind, group: Group): MsPercentiles => {
      const g = waits.get(kind)!.get(group) ?? emptyWaits();
      const count = totalOf(g.counts);
      if (count === 0) return { count, p50: null, p90: null, p99: null };
      const [p50, p90, p99] = placeRanks(
        g.counts,
        PERCENTILES.map((p) => nearestRank(count, p)),
      ).map((place) => valueAt(place, valuesOf(kind, group, g, place.bucket)));
      return { count, p50, p90, p99 };
    };
    const chartOf = (kind: WaitKind, group: Group): number[] => {
      const g = waits.get(kind)!.get(group) ?? emptyWaits();
      const upTo = edgesMs.map((edge, i) => countAtMost(g.counts, edge, valuesOf(kind, group, g, edgeBuckets[i])));
      const total = totalOf(g.counts);
      return [...upTo, total].map((n, i) => n - (i === 0 ? 0 : upTo[i - 1]));
    };
    return [...contacts.keys()].map((group) => ({
      channel: group === ALL ? undefined : group,
      contacts: contacts.get(group)!,
      firstOffer: percentilesOf('offer', group),
      firstResponse: percentilesOf('answer', group),
      offerBuckets: chartOf('offer', group),
      responseBuckets: chartOf('answer', group),
    }));
  }

  /**
   * The wait SLA per channel, over all and per UTC day. A rolled day is read from the rollup only
   * once every contact of it still unanswered is decided (missed: business time from the day's end
   * to now past the limit); until then it is counted live, like today.
   */
  async waitCounts(
    range: Range,
    now: Date,
    key: string,
    index: BusinessTimeIndex,
    limitMs: number,
  ): Promise<Pick<SlaCounts, 'wait' | 'waitDaily'> | null> {
    const nowMs = now.getTime();
    const decided = (day: number) => index.betweenMs((day + 1) * DAY_MS, nowMs) > limitMs;
    const { rolled, live } = await this.split(range, nowMs, key, decided);
    if (rolled.length === 0) return null;
    const clocks = await this.reads.contactClocksIn(live);
    const byChannel = new Map<Group, SlaAttainment>();
    const byDay = new Map<number, SlaAttainment>();
    const add = (map: Map<Group, SlaAttainment>, key: Group, a: Omit<SlaAttainment, 'attainment' | 'total'>) =>
      map.set(key, plus(map.get(key), a));
    const contacts = new Map<string, number>();
    const dayChannel = (day: number, channel: string | null) => `${day}:${channel ?? ''}`;
    const counted = await this.rollups.dayCounts(rolled);
    for (const r of counted) contacts.set(dayChannel(r.day, r.channel), r.contacts);
    const answered = new Map<string, { answered: number; met: number }>();
    for (const r of await this.rollups.answeredWithin(rolled, Math.trunc(limitMs), waitBucket(Math.trunc(limitMs)))) {
      answered.set(dayChannel(r.day, r.channel), r);
    }
    for (const r of counted) {
      if (r.contacts === 0) continue;
      const a = answered.get(dayChannel(r.day, r.channel)) ?? { answered: 0, met: 0 };
      // Every unanswered contact of a decided day is missed.
      const counts = { met: a.met, missed: r.contacts - a.met, pending: 0 };
      add(byChannel, r.channel, counts);
      add(byChannel, ALL, counts);
      byDay.set(r.day, plus(byDay.get(r.day), counts));
    }
    const businessTime = (a: number, b: number) => index.betweenMs(a, b);
    for (const c of clocks) {
      const samples: SlaSample[] = c.receivedAt.map((s, i) => ({
        startedAt: s,
        endedAt: Number.isNaN(c.firstResponseAt[i]) ? null : c.firstResponseAt[i],
      }));
      const a = slaAttainment(samples, limitMs, businessTime, now);
      add(byChannel, c.channel, a);
      add(byChannel, ALL, a);
      for (const s of samples) {
        const day = dayOf(s.startedAt);
        byDay.set(day, plus(byDay.get(day), slaAttainment([s], limitMs, businessTime, now)));
      }
    }
    if (!byChannel.has(ALL)) byChannel.set(ALL, plus(undefined, { met: 0, missed: 0, pending: 0 }));
    return {
      wait: [...byChannel].map(([group, attainment]) => ({ channel: group === ALL ? undefined : group, attainment })),
      waitDaily: [...byDay]
        .map(([day, attainment]) => ({ day, attainment }))
        .sort((x, y) => x.day - y.day),
    };
  }
}

function plus(a: SlaAttainment | undefined, b: { met: number; missed: number; pending: number }): SlaAttainment {
  const met = (a?.met ?? 0) + b.met;
  const missed = (a?.missed ?? 0) + b.missed;
  return { total: met + missed, met, missed, pending: (a?.pending ?? 0) + b.pending, attainment: rate(met, met + missed) };
}

