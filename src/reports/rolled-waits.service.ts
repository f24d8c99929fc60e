import { Injectable } from '@nestjs/common';
import type { BusinessTimeIndex } from './domain/business-time-index';
import { DAY_MS, dayOf, rangesWithout, wholeDaysBefore } from './domain/rollup-days';
import { type SlaAttainment, slaAttainment, type SlaSample } from './domain/sla';
import { rate } from './domain/stats';
import {
  addCount,
  type BucketCounts,
  countBelow,
  nearestRank,
  placeRanks,
  totalOf,
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
 * rank, and the value at that rank is picked among only that bucket's waits, in the database. Call inside the report's snapshot. Null when no
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
    // Each percentile's value: its rank within its bucket, picked among that bucket's waits.
    const requests: Parameters<ReportRollupRepository['pickInBuckets']>[1] = [];
    const slots: { kind: WaitKind; group: Group; j: number }[] = [];
    for (const kind of KINDS) {
      for (const [group, g] of waits.get(kind)!) {
        const total = totalOf(g.counts);
        if (total === 0) continue;
        placeRanks(
          g.counts,
          PERCENTILES.map((p) => nearestRank(total, p)),
        ).forEach((place, j) => {
          requests.push({
            kind,
            bucket: place.bucket,
            all: group === ALL,
            channel: group === ALL ? null : group,
            k: place.within,
            extra: g.live.get(place.bucket) ?? [],
          });
          slots.push({ kind, group, j });
        });
      }
    }
    const picked = new Map<string, (number | null)[]>();
    const slotKey = (kind: WaitKind, group: Group) => `${kind}:${group === ALL ? '*' : String(group)}`;
    (await this.rollups.pickInBuckets(rolled, requests)).forEach((value, i) => {
      const { kind, group, j } = slots[i];
      const list = picked.get(slotKey(kind, group)) ?? [null, null, null];
      list[j] = value;
      picked.set(slotKey(kind, group), list);
    });
    const percentilesOf = (kind: WaitKind, group: Group): MsPercentiles => {
      const count = totalOf((waits.get(kind)!.get(group) ?? emptyWaits()).counts);
      const [p50, p90, p99] = picked.get(slotKey(kind, group)) ?? [null, null, null];
      return { count, p50, p90, p99 };
    };
    // The chart: per edge, the buckets below the edge's, and the waits of its bucket up to it.
    const edgeBuckets = edgesMs.map(waitBucket);
    const rolledAtEdge = new Map<string, number>();
    for (const kind of KINDS) {
      for (const r of await this.rollups.atMostInBucket(rolled, kind, edgesMs, edgeBuckets)) {
        for (const group of [r.channel, ALL] as Group[]) {
          const key = `${slotKey(kind, group)}:${r.edge}`;
          rolledAtEdge.set(key, (rolledAtEdge.get(key) ?? 0) + r.n);
        }
      }
    }
    const chartOf = (kind: WaitKind, group: Group): number[] => {
      const g = waits.get(kind)!.get(group) ?? emptyWaits();
      const upTo = edgesMs.map(
        (edge, i) =>
          countBelow(g.counts, edgeBuckets[i]) +
          (rolledAtEdge.get(`${slotKey(kind, group)}:${i}`) ?? 0) +
          (g.live.get(edgeBuckets[i]) ?? []).filter((v) => v <= edge).length,
      );
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
      waitDaily: [...byDay].map(([day, attainment]) => ({ day, attainment })).sort((x, y) => x.day - y.day),
    };
  }
}

function plus(a: SlaAttainment | undefined, b: { met: number; missed: number; pending: number }): SlaAttainment {
  const met = (a?.met ?? 0) + b.met;
  const missed = (a?.missed ?? 0) + b.missed;
  return {
    total: met + missed,
    met,
    missed,
    pending: (a?.pending ?? 0) + b.pending,
    attainment: rate(met, met + missed),
  };
}
