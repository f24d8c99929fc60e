import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import { SEGMENT_DIMENSIONS, type SegmentDimension } from './domain/segments';
import type { SlaAttainment } from './domain/sla';
import { rate } from './domain/stats';
import { BusinessTimeSql } from './business-time-sql';
import { splitCohortDays } from './domain/cohort-days';
import type { IndexStretches } from './domain/business-time-index';

/**
 * The reports' read model: aggregates over the tables that own the facts (contact, offer,
 * assignment, lead, handoff, backoffice_task, customer, product_line, app_user), through the
 * indexes of migration 1765400000000-Reports. It only reads; every table here is written elsewhere.
 *
 * A report's period is `[from, to)`. Contacts are a cohort: those received in the period, followed
 * to whatever happened to them since (offered, qualified, routed, won).
 *
 * Long lists of instants travel as one comma-separated text per group (epoch ms), which PostgreSQL
 * builds and node splits far faster than one row per contact.
 */

export interface Range {
  from: Date;
  to: Date;
}

export interface FunnelRow {
  channel: string | null;
  contacts: number;
  offered: number;
  qualified: number;
  field: number;
  eSales: number;
  partner: number;
  nurture: number;
  won: number;
  lost: number;
}

/** A channel's contacts: when each arrived, was first offered and first answered by a person (ms, NaN if not). */
export interface ContactClocks {
  channel: string | null;
  receivedAt: number[];
  firstOfferAt: number[];
  firstResponseAt: number[];
}

export interface AgentActivityRow {
  agentId: string;
  name: string;
  roles: string[];
  skills: unknown;
  offers: number;
  accepted: number;
  declined: number;
  expired: number;
  handled: number;
  /** Time with at least one contact assigned (overlaps counted once), ms. */
  busyMs: number;
}

export interface StalledRow {
  stage: string;
  ownerId: string | null;
  ownerName: string | null;
  stalled: number;
  amount: number;
  oldestStalledAt: Date;
}

export interface SellerActivityRow {
  sellerId: string;
  sellerName: string | null;
  customersServed: number;
  won: number;
  cycleDays: number[];
}

export interface SegmentRow {
  segment: string | null;
  contacts: number;
  leads: number;
  won: number;
}

export interface SlaClocks {
  startedAt: number[];
  endedAt: number[];
}

/** Nearest-rank p50, p90, p99 of business ms, and how many values they were taken over. */
export interface MsPercentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

/** Speed to lead of a channel (or of all contacts: channel undefined), measured in the query. */
export interface SpeedRow {
  /** undefined for the row over every channel. */
  channel: string | null | undefined;
  contacts: number;
  firstOffer: MsPercentiles;
  firstResponse: MsPercentiles;
  /** Counts per bucket of the edges asked for (ms, inclusive) plus one above the last. */
  offerBuckets: number[];
  responseBuckets: number[];
}

/** A report measured in the query, or `outside` when an instant fell outside the calendar's span. */
export type Measured<T> = { outside: true } | { outside: false; value: T };

/** SLA attainment counted in the query: per channel (undefined: all), per UTC day (days since epoch). */
export interface SlaCounts {
  wait: { channel: string | null | undefined; attainment: SlaAttainment }[];
  waitDaily: { day: number; attainment: SlaAttainment }[];
  handoff: SlaAttainment;
  handoffDaily: { day: number; attainment: SlaAttainment }[];
  backoffice: Map<string, SlaAttainment>;
}

export interface SlaLimits {
  waitMs: number;
  handoffMs: number;
  backofficeMs: Record<string, number>;
}

export { SEGMENT_DIMENSIONS, type SegmentDimension };

/** The epoch ms of a timestamptz as bigint, rounded as MS() rounds it. */
const EPOCH_MS = (column: string) => `(date_part('epoch', ${column}) * 1000)::bigint`;

const msPercentiles = (count: number, values: (string | number | null)[] | null): MsPercentiles => {
  const [p50, p90, p99] = (values ?? [null, null, null]).map((v) => (v === null ? null : Number(v)));
  return { count, p50, p90, p99 };
};

/** Counts of met, missed and pending over the rows of a query's `status` column. */
const ATTAINMENT_COLUMNS = `count(*) FILTER (WHERE status = 'met')::int AS met,
              count(*) FILTER (WHERE status = 'missed')::int AS missed,
              count(*) FILTER (WHERE status = 'pending')::int AS pending`;

const attainmentOf = (r: { met: number; missed: number; pending: number }): SlaAttainment => ({
  total: r.met + r.missed,
  met: r.met,
  missed: r.missed,
  pending: r.pending,
  attainment: rate(r.met, r.met + r.missed),
});

/**
 * The SLA status of a sample from `s` to `e` (NULL: still open) against `limit` at `now`, all
 * bigint ms: met within the limit of business time, missed later or open past it, else pending
 * (as domain/sla.ts slaAttainment decides).
 */
const slaStatus = (bt: BusinessTimeSql, s: string, e: string, limit: string, now: string) =>
  `CASE WHEN ${e} IS NOT NULL THEN CASE WHEN ${bt.between(s, e)} <= ${limit} THEN 'met' ELSE 'missed' END
        WHEN ${bt.between(s, now)} > ${limit} THEN 'missed' ELSE 'pending' END`;

/** The UTC day (days since the epoch) of a bigint ms expression. */
const day = (ms: string) => `floor(${ms}::float8 / 86400000)::bigint`;

type Counted = { met: number; missed: number; pending: number; outside: number };

/** A list of epoch ms; '' is one empty value (a lone task not done yet), NULL no values at all. */
const splitMs = (text: string | null): number[] =>
  text === null ? [] : text.split(',').map((v) => (v === '' ? Number.NaN : Number(v)));

/** An instant as epoch ms text (date_part is double precision: far cheaper than extract's numeric). */
const MS = (column: string) => `(date_part('epoch', ${column}) * 1000)::bigint::text`;
/** An interval as ms text. */
const DURATION_MS = (interval: string) => `(date_part('epoch', ${interval}) * 1000)::bigint::text`;

/**
 * How long after its arrival a contact's first offer or answer still counts: later than this it is
 * reported as never offered / never answered (and a wait SLA missed). Measured from each contact's
 * own arrival, never from the period's end, so a day's figures are the same in whatever period
 * they are asked, and a day rolled up (report-rollup.repository.ts) stays true for every period.
 * The funnel's per-day counts apply the same horizon in SQL (`report_cohort_offered` of migration
 * 1765920000000-ReportCohortDays): change both together.
 */
export const FIRST_TOUCH_HORIZON_DAYS = 30;

/**
 * Where a cohort's facts are read: `facts`, the per-contact rows of report_contact (kept on every
 * write by the triggers of migration 1765700000000-ReportContactFacts), which the reports read; or
 * `events`, the same facts computed from the owning tables (contact, offer, assignment, lead), kept
 * to prove the two agree.
 */
export type CohortSource = 'facts' | 'events';

/** A first touch kept only within FIRST_TOUCH_HORIZON_DAYS ($3) of the contact's arrival. */
const withinHorizon = (at: string, arrival: string) =>
  `CASE WHEN ${at} < ${arrival} + $3 * interval '1 day' THEN ${at} END`;

/**
 * The CTE `c`: the contacts received in [$1, $2) with their channel, customer, first offer and
 * first answer (NULL unless within $3 days of the contact's arrival, FIRST_TOUCH_HORIZON_DAYS),
 * and their lead's route and stage (NULL without a lead).
 */
const cohort = (source: CohortSource) => {
  if (source === 'facts') {
    return `c AS (
              SELECT contact_id AS id, channel, created_at, customer_id,
                     ${withinHorizon('first_offer_at', 'created_at')} AS offer_at,
                     ${withinHorizon('first_answer_at', 'created_at')} AS answer_at,
                     lead_route AS route, lead_maturity AS maturity
                FROM report_contact WHERE created_at >= $1 AND created_at < $2)`;
  }
  // Each contact's first offer and answer by the owners' per-contact indexes (offer_contact_idx,
  // assignment_contact_started_idx): the same instants the triggers keep in report_contact.
  return `c AS (
              SELECT c.id, c.channel, c.created_at, c.customer_id,
                     ${withinHorizon('o.at', 'c.created_at')} AS offer_at, ${withinHorizon('a.at', 'c.created_at')} AS answer_at,
                     l.route, l.maturity
                FROM contact c
                LEFT JOIN LATERAL (SELECT min(created_at) AS at FROM offer WHERE contact_id = c.id) o ON true
                LEFT JOIN LATERAL (SELECT min(started_at) AS at FROM assignment WHERE contact_id = c.id) a ON true
                LEFT JOIN lead l ON l.contact_id = c.id
               WHERE c.created_at >= $1 AND c.created_at < $2)`;
};

/**
 * The CTE `c` of the facts over several periods at once: the contacts received in any of the
 * ranges [$1[i], $2[i]) (disjoint), each range one slice of report_contact_created_idx.
 */
const factsIn = () => `c AS (
              SELECT f.contact_id AS id, f.channel, f.created_at,
                     ${withinHorizon('f.first_offer_at', 'f.created_at')} AS offer_at,
                     ${withinHorizon('f.first_answer_at', 'f.created_at')} AS answer_at
                FROM unnest($1::timestamptz[], $2::timestamptz[]) r(lo, hi)
                JOIN report_contact f ON f.created_at >= r.lo AND f.created_at < r.hi)`;

const CLOCKS_OF_C = `SELECT channel,
              string_agg(${MS('created_at')} || ':' || coalesce(${DURATION_MS('offer_at - created_at')}, '')
                         || ':' || coalesce(${DURATION_MS('answer_at - created_at')}, ''), ',') AS clocks
         FROM c
        GROUP BY channel`;

const parseClocks = (rows: { channel: string | null; clocks: string | null }[]): ContactClocks[] =>
  rows.map((r) => {
    const receivedAt: number[] = [];
    const firstOfferAt: number[] = [];
    const firstResponseAt: number[] = [];
    for (const item of r.clocks ? r.clocks.split(',') : []) {
      const [received, offer, answer] = item.split(':');
      const at = Number(received);
      receivedAt.push(at);
      firstOfferAt.push(offer === '' ? Number.NaN : at + Number(offer));
      firstResponseAt.push(answer === '' ? Number.NaN : at + Number(answer));
    }
    return { channel: r.channel, receivedAt, firstOfferAt, firstResponseAt };
  });

@Injectable()
export class ReportsReadRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Called first in a report's transaction: no JIT compilation for these aggregates, whose plans
   * run for a few hundred ms at most (PostgreSQL's JIT would spend as long again compiling them),
   * and room for a period's hash tables and percentile sorts in memory (the default 4 MB spills a
   * 90-day period's offers to disk); both only for this transaction.
   */
  async prepareSnapshot(): Promise<void> {
    await this.db.manager.query(`SET LOCAL jit = off`);
    await this.db.manager.query(`SET LOCAL work_mem = '64MB'`);
  }

  /**
   * The funnel per channel. A contact is offered when its first offer came within
   * FIRST_TOUCH_HORIZON_DAYS of its arrival: a property of the contact alone, whatever the period.
   *
   * From `'facts'` the full UTC days of the period are the per-day counts of migration
   * 1765920000000-ReportCohortDays (the summary plus the deltas not yet compacted: exact in this
   * snapshot) and the partial days at the edges are read contact by contact from report_contact's
   * `created_at` index; from `'events'` every contact is counted from contact, offer and lead.
   * (Its own SQL, not the shared `cohort` CTE, whose horizon is the period's end.)
   */
  async funnel(range: Range, source: CohortSource = 'facts'): Promise<FunnelRow[]> {
    const counts = `SELECT channel,
              coalesce(sum(contacts), 0)::int AS contacts,
              coalesce(sum(contacts) FILTER (WHERE offered), 0)::int AS offered,
              coalesce(sum(contacts) FILTER (WHERE route IS NOT NULL), 0)::int AS qualified,
              coalesce(sum(contacts) FILTER (WHERE route = 'field'), 0)::int AS field,
              coalesce(sum(contacts) FILTER (WHERE route = 'e_sales'), 0)::int AS "eSales",
              coalesce(sum(contacts) FILTER (WHERE route = 'partner'), 0)::int AS partner,
              coalesce(sum(contacts) FILTER (WHERE route = 'nurture'), 0)::int AS nurture,
              coalesce(sum(contacts) FILTER (WHERE maturity = 'won'), 0)::int AS won,
              coalesce(sum(contacts) FILTER (WHERE maturity = 'lost'), 0)::int AS lost
         FROM k
        GROUP BY channel
       HAVING sum(contacts) > 0`;
    if (source === 'events') {
      return this.db.manager.query<FunnelRow[]>(
        `WITH k AS (
              SELECT c.channel, l.route, l.maturity, 1 AS contacts,
                     EXISTS (SELECT 1 FROM offer o
                              WHERE o.contact_id = c.id AND o.created_at < c.created_at + $3 * interval '24 hours') AS offered
                FROM contact c
                LEFT JOIN lead l ON l.contact_id = c.id
               WHERE c.created_at >= $1 AND c.created_at < $2)
         ${counts}`,
        [range.from, range.to, FIRST_TOUCH_HORIZON_DAYS],
      );
    }
    const split = splitCohortDays(range.from, range.to);
    return this.db.manager.query<FunnelRow[]>(
      `WITH k AS (
              SELECT channel, offered, lead_route AS route, lead_maturity AS maturity, contacts
                FROM report_cohort_day WHERE day >= $1 AND day < $2
              UNION ALL
              SELECT channel, offered, lead_route, lead_maturity, contacts
                FROM report_cohort_delta WHERE day >= $1 AND day < $2
              UNION ALL
              SELECT channel, report_cohort_offered(created_at, first_offer_at), lead_route, lead_maturity, 1
                FROM report_contact
               WHERE (created_at >= $3 AND created_at < $4) OR (created_at >= $5 AND created_at < $6))
       ${counts}`,
      [split.firstDay, split.endDay, split.before.from, split.before.to, split.after.from, split.after.to],
    );
  }

  /**
   * Per channel, each contact's arrival, first offer and first human answer (an agent's assignment),
   * within FIRST_TOUCH_HORIZON_DAYS of its arrival, one text per contact `arrival:offer:answer`
   * (the last two as ms after arrival, empty when none).
   */
  async contactClocks(range: Range, source: CohortSource = 'facts'): Promise<ContactClocks[]> {
    const rows = await this.db.manager.query<{ channel: string | null; clocks: string }[]>(
      `WITH ${cohort(source)}
       ${CLOCKS_OF_C}`,
      [range.from, range.to, FIRST_TOUCH_HORIZON_DAYS],
    );
    return parseClocks(rows);
  }

  /** contactClocks over several disjoint periods at once (the facts only): the days a rollup does not answer. */
  async contactClocksIn(ranges: Range[]): Promise<ContactClocks[]> {
    if (ranges.length === 0) return [];
    const rows = await this.db.manager.query<{ channel: string | null; clocks: string }[]>(
      `WITH ${factsIn()}
       ${CLOCKS_OF_C}`,
      [ranges.map((r) => r.from), ranges.map((r) => r.to), FIRST_TOUCH_HORIZON_DAYS],
    );
    return parseClocks(rows);
  }

  /**
   * Speed to lead measured here: per channel and over all, the nearest-rank percentiles
   * (percentile_disc) of the business ms from arrival to the first offer and to the first answer
   * (negative waits read 0), and their counts per bucket of `edgesMs`; the same contacts, offers and
   * assignments as contactClocks, the same ms rounding, so the same figures as measuring those in node.
   */
  async speedToLead(
    range: Range,
    calendar: IndexStretches | null,
    edgesMs: number[],
    source: CohortSource = 'facts',
  ): Promise<Measured<SpeedRow[]>> {
    const bt = BusinessTimeSql.of(calendar, 4);
    const buckets = (column: string) =>
      [...edgesMs, null]
        .map((edge, i) => {
          const above = i === 0 ? `${column} IS NOT NULL` : `${column} > ${edgesMs[i - 1]}`;
          return `count(*) FILTER (WHERE ${above}${edge === null ? '' : ` AND ${column} <= ${edge}`})::int`;
        })
        .join(', ');
    const rows = await this.db.manager.query<
      {
        channel: string | null;
        total: number;
        contacts: number;
        offered: number;
        answered: number;
        offer_p: string[] | null;
        answer_p: string[] | null;
        offer_buckets: number[];
        answer_buckets: number[];
        outside: number;
      }[]
    >(
      `WITH ${cohort(source)},
            t AS (
              SELECT c.channel, r.ms AS received,
                     r.ms + ${EPOCH_MS('c.offer_at - c.created_at')} AS offered,
                     r.ms + ${EPOCH_MS('c.answer_at - c.created_at')} AS answered
                FROM c CROSS JOIN LATERAL (SELECT ${EPOCH_MS('c.created_at')} AS ms) r),
            w AS (
              SELECT channel, ${bt.outside('received', 'offered', 'answered')} AS outside,
                     CASE WHEN offered IS NOT NULL THEN greatest(0, ${bt.between('received', 'offered')}) END AS offer_ms,
                     CASE WHEN answered IS NOT NULL THEN greatest(0, ${bt.between('received', 'answered')}) END AS answer_ms
                FROM t)
       SELECT channel, grouping(channel) AS total, count(*)::int AS contacts,
              count(offer_ms)::int AS offered, count(answer_ms)::int AS answered,
              percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY offer_ms) AS offer_p,
              percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY answer_ms) AS answer_p,
              ARRAY[${buckets('offer_ms')}] AS offer_buckets,
              ARRAY[${buckets('answer_ms')}] AS answer_buckets,
              count(*) FILTER (WHERE outside)::int AS outside
         FROM w
        GROUP BY GROUPING SETS ((channel), ())`,
      [range.from, range.to, FIRST_TOUCH_HORIZON_DAYS, ...bt.parameters()],
    );
    if (rows.some((r) => r.outside > 0)) return { outside: true };
    return {
      outside: false,
      value: rows.map((r) => ({
        channel: r.total === 1 ? undefined : r.channel,
        contacts: r.contacts,
        firstOffer: msPercentiles(r.offered, r.offer_p),
        firstResponse: msPercentiles(r.answered, r.answer_p),
        offerBuckets: r.offer_buckets,
        responseBuckets: r.answer_buckets,
      })),
    };
  }

  /**
   * SLA attainment counted here: the wait of every contact of the period (arrival to first answer,
   * as contactClocks reads them) per channel, over all and per UTC day of arrival; the handoffs per
   * lead (as handoffClocks) over all and per day; the back-office tasks per kind (as backofficeClocks).
   */
  async slaCounts(
    range: Range,
    now: Date,
    calendar: IndexStretches | null,
    limits: SlaLimits,
    source: CohortSource = 'facts',
  ): Promise<Measured<SlaCounts>> {
    // The wait query: $1 from, $2 to, $3 the first-touch horizon, $4 now, then the calendar's.
    const waitBt = BusinessTimeSql.of(calendar, 5);
    const params = [range.from, range.to, FIRST_TOUCH_HORIZON_DAYS, now.getTime(), ...waitBt.parameters()];
    const waits = await this.db.manager.query<
      (Counted & { channel: string | null; by_channel: number; by_day: number; day: string | null })[]
    >(
      `WITH ${cohort(source)},
            t AS (
              SELECT c.channel, r.ms AS s, r.ms + ${EPOCH_MS('c.answer_at - c.created_at')} AS e
                FROM c CROSS JOIN LATERAL (SELECT ${EPOCH_MS('c.created_at')} AS ms) r),
            w AS (
              SELECT channel, ${day('s')} AS day,
                     ${slaStatus(waitBt, 's', 'e', `${Math.trunc(limits.waitMs)}`, '$4::bigint')} AS status,
                     ${waitBt.outside('s', 'e')} AS outside
                FROM t)
       SELECT channel, day::text AS day, grouping(channel) AS by_channel, grouping(day) AS by_day,
              ${ATTAINMENT_COLUMNS}, count(*) FILTER (WHERE outside)::int AS outside
         FROM w
        GROUP BY GROUPING SETS ((channel), (), (day))`,
      params,
    );
    if (waits.some((r) => r.outside > 0)) return { outside: true };
    const others = await this.handoffAndBackofficeCounts(range, now, calendar, limits);
    if (others.outside) return others;
    return {
      outside: false,
      value: {
        wait: waits
          .filter((r) => r.by_day === 1)
          .map((r) => ({ channel: r.by_channel === 1 ? undefined : r.channel, attainment: attainmentOf(r) })),
        waitDaily: waits
          .filter((r) => r.by_day === 0)
          .map((r) => ({ day: Number(r.day), attainment: attainmentOf(r) }))
          .sort((x, y) => x.day - y.day),
        ...others.value,
      },
    };
  }

  /** The handoff and back-office parts of slaCounts, which the wait rollup leaves to these queries. */
  async handoffAndBackofficeCounts(
    range: Range,
    now: Date,
    calendar: IndexStretches | null,
    limits: SlaLimits,
  ): Promise<Measured<Pick<SlaCounts, 'handoff' | 'handoffDaily' | 'backoffice'>>> {
    // $1 from, $2 to, $3 now, then the calendar's.
    const bt = BusinessTimeSql.of(calendar, 4);
    const otherParams = [range.from, range.to, now.getTime(), ...bt.parameters()];
    const status = (s: string, e: string, limit: number) => slaStatus(bt, s, e, `${Math.trunc(limit)}`, '$3::bigint');
    const handoffs = await this.db.manager.query<(Counted & { day: string | null; by_day: number })[]>(
      `WITH per_lead AS (
              SELECT ${EPOCH_MS('min(h.offered_at)')} AS s,
                     ${EPOCH_MS(`min(h.decided_at) FILTER (WHERE h.status = 'accepted')`)} AS e
                FROM handoff h
               WHERE h.lead_id IN (SELECT lead_id FROM handoff WHERE offered_at >= $1 AND offered_at < $2)
               GROUP BY h.lead_id
              HAVING min(h.offered_at) >= $1),
            w AS (
              SELECT ${day('s')} AS day, ${status('s', 'e', limits.handoffMs)} AS status, ${bt.outside('s', 'e')} AS outside
                FROM per_lead)
       SELECT day::text AS day, grouping(day) AS by_day, ${ATTAINMENT_COLUMNS},
              count(*) FILTER (WHERE outside)::int AS outside
         FROM w
        GROUP BY GROUPING SETS ((), (day))`,
      otherParams,
    );
    const kinds = Object.keys(limits.backofficeMs);
    const limitOfKind = `(ARRAY[${kinds.map((k) => Math.trunc(limits.backofficeMs[k])).join(', ')}]::bigint[])[array_position(ARRAY[${kinds
      .map((k) => `'${k.replace(/'/g, "''")}'`)
      .join(', ')}]::text[], kind::text)]`;
    const tasks = await this.db.manager.query<(Counted & { kind: string })[]>(
      `WITH t AS (
              SELECT kind, ${EPOCH_MS('created_at')} AS s, ${EPOCH_MS('done_at')} AS e
                FROM backoffice_task
               WHERE created_at >= $1 AND created_at < $2),
            w AS (
              SELECT kind, ${slaStatus(bt, 's', 'e', limitOfKind, '$3::bigint')} AS status, ${bt.outside('s', 'e')} AS outside
                FROM t)
       SELECT kind, ${ATTAINMENT_COLUMNS}, count(*) FILTER (WHERE outside)::int AS outside
         FROM w
        GROUP BY kind`,
      otherParams,
    );
    if ([...handoffs, ...tasks].some((r) => r.outside > 0)) return { outside: true };
    const handoffTotal = handoffs.find((r) => r.by_day === 1);
    return {
      outside: false,
      value: {
        handoff: attainmentOf(handoffTotal ?? { met: 0, missed: 0, pending: 0 }),
        handoffDaily: handoffs
          .filter((r) => r.by_day === 0)
          .map((r) => ({ day: Number(r.day), attainment: attainmentOf(r) }))
          .sort((x, y) => x.day - y.day),
        backoffice: new Map(tasks.map((r) => [r.kind, attainmentOf(r)])),
      },
    };
  }

  /** Per lead handed to a deal specialist in the period: its first handoff offer and the first acceptance. */
  async handoffClocks(range: Range): Promise<SlaClocks> {
    const [row] = await this.db.manager.query<{ started: string | null; ended: string | null }[]>(
      `SELECT string_agg(${MS('started')}, ',' ORDER BY lead_id) AS started,
              string_agg(coalesce(${MS('ended')}, ''), ',' ORDER BY lead_id) AS ended
         FROM (SELECT h.lead_id, min(h.offered_at) AS started,
                      min(h.decided_at) FILTER (WHERE h.status = 'accepted') AS ended
                 FROM handoff h
                WHERE h.lead_id IN (SELECT lead_id FROM handoff WHERE offered_at >= $1 AND offered_at < $2)
                GROUP BY h.lead_id
               HAVING min(h.offered_at) >= $1) per_lead`,
      [range.from, range.to],
    );
    return { startedAt: splitMs(row?.started ?? null), endedAt: splitMs(row?.ended ?? null) };
  }

  /** Per back-office task kind, the tasks created in the period: created and done. */
  async backofficeClocks(range: Range): Promise<Map<string, SlaClocks>> {
    const rows = await this.db.manager.query<{ kind: string; started: string; ended: string }[]>(
      `SELECT kind,
              string_agg(${MS('created_at')}, ',' ORDER BY id) AS started,
              string_agg(coalesce(${MS('done_at')}, ''), ',' ORDER BY id) AS ended
         FROM backoffice_task
        WHERE created_at >= $1 AND created_at < $2
        GROUP BY kind`,
      [range.from, range.to],
    );
    return new Map(rows.map((r) => [r.kind, { startedAt: splitMs(r.started), endedAt: splitMs(r.ended) }]));
  }

  /**
   * Every agent (role agent, or anyone offered work in the period) with their offers by outcome,
   * the contacts they took, and their busy time: the union of their assignments started in the
   * period, each cut at `to` (or at `now` while still open).
   *
   * The union is measured as gaps and islands, per agent, over their assignments in start order
   * (read so from assignment_agent_started_idx, migration 1765910000000-TeamReportIndexes, with no
   * sort): each assignment adds the part of it that ends after every earlier one has ended
   * (`covered`, the running latest end). Summed as intervals, so in exact microseconds as the union
   * of ranges would be.
   */
  async agentActivity(range: Range, now: Date): Promise<AgentActivityRow[]> {
    const people = await this.db.manager.query<
      { id: string; name: string; roles: string[]; skills: unknown; active: boolean }[]
    >(`SELECT id, name, roles, skills, active FROM app_user ORDER BY name, id`);
    // The busy time is most of the cost (a window over every assignment of the period, which
    // PostgreSQL does not run in parallel): every other person's is measured on a second
    // connection in the same snapshot, while this one counts the offers and measures the rest.
    const ids = people.map((p) => p.id);
    const [busyOthers, [offers, busyHalf]] = await Promise.all([
      this.db.alongside(async () => {
        await this.prepareSnapshot();
        return this.busyTime(
          range,
          now,
          ids.filter((_, i) => i % 2 === 1),
        );
      }),
      (async () =>
        [
          await this.offersByAgent(range),
          await this.busyTime(
            range,
            now,
            ids.filter((_, i) => i % 2 === 0),
          ),
        ] as const)(),
    ]);
    const busy = new Map([...busyHalf, ...busyOthers].map((b) => [b.agentId, b]));
    const counted = new Map(offers.map((o) => [o.agentId, o]));
    return people.flatMap((p) => {
      const o = counted.get(p.id);
      const b = busy.get(p.id) ?? { handled: 0, busyMs: 0 };
      if (!(p.active && p.roles.includes('agent')) && !o && b.handled === 0) return [];
      return [
        {
          agentId: p.id,
          name: p.name,
          roles: p.roles,
          skills: p.skills,
          offers: o?.offers ?? 0,
          accepted: o?.accepted ?? 0,
          declined: o?.declined ?? 0,
          expired: o?.expired ?? 0,
          handled: b.handled,
          busyMs: b.busyMs,
        },
      ];
    });
  }

  /** Per agent offered work in the period, their offers by outcome. */
  private offersByAgent(
    range: Range,
  ): Promise<{ agentId: string; offers: number; accepted: number; declined: number; expired: number }[]> {
    return this.db.manager.query(
      `SELECT agent_id AS "agentId", count(*)::int AS offers,
              count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE status = 'declined')::int AS declined,
              count(*) FILTER (WHERE status = 'expired')::int AS expired
         FROM offer WHERE created_at >= $1 AND created_at < $2 GROUP BY agent_id`,
      [range.from, range.to],
    );
  }

  /** Of each of `agentIds`, the assignments started in the period and their union's length (ms). */
  private async busyTime(
    range: Range,
    now: Date,
    agentIds: string[],
  ): Promise<{ agentId: string; handled: number; busyMs: number }[]> {
    const rows = await this.db.manager.query<{ agentId: string; handled: number; busyMs: string | null }[]>(
      `SELECT u.id AS "agentId", a.handled, (extract(epoch FROM a.busy) * 1000)::bigint::text AS "busyMs"
         FROM unnest($4::uuid[]) AS u(id)
        CROSS JOIN LATERAL (
              SELECT count(*)::int AS handled, sum(greatest(e - greatest(s, covered), interval '0')) AS busy
                FROM (SELECT a.started_at AS s, x.e,
                             max(x.e) OVER (ORDER BY a.started_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS covered
                        FROM assignment a
                       CROSS JOIN LATERAL (SELECT greatest(a.started_at, least(coalesce(a.ended_at, $3), $2)) AS e) x
                       WHERE a.agent_id = u.id AND a.started_at >= $1 AND a.started_at < $2) t) a`,
      [range.from, range.to, now, agentIds],
    );
    return rows.map((r) => ({
      agentId: r.agentId,
      handled: r.handled,
      busyMs: r.busyMs === null ? 0 : Number(r.busyMs),
    }));
  }

  /** Open leads flagged stalled in the period, per maturity stage and owner. */
  async stalled(range: Range): Promise<StalledRow[]> {
    return this.db.manager.query<StalledRow[]>(
      `SELECT l.maturity AS stage, l.owner_id AS "ownerId", u.name AS "ownerName",
              count(*)::int AS stalled, coalesce(sum(l.amount), 0)::float8 AS amount,
              min(l.stalled_at) AS "oldestStalledAt"
         FROM lead l
         LEFT JOIN app_user u ON u.id = l.owner_id
        WHERE l.stalled_at >= $1 AND l.stalled_at < $2 AND l.maturity NOT IN ('won', 'lost')
        GROUP BY l.maturity, l.owner_id, u.name
        ORDER BY l.maturity, count(*) DESC, u.name`,
      [range.from, range.to],
    );
  }

  /**
   * Per seller in the period: distinct customers served (the accounts, else the people, else the
   * contacts of the contacts they took) and the deals they won, with each deal's sales cycle in days
   * from the contact's arrival to the win. The customers are told apart by their uuid (account,
   * person or contact: distinct uuids either way).
   *
   * From `'facts'` the customer is the assignment's `customer_key` (kept by triggers, migration
   * 1765740000000-AssignmentCustomerKey), counted per seller from their slice of
   * assignment_agent_started_idx (index-only, one small set of keys at a time rather than one hash
   * of every pair of the period), and the contact's arrival is the lead's `contact_created_at`
   * (kept by triggers, migration 1765910000001-LeadContactArrival), read with the wins from
   * lead_won_closed_idx; from `'events'` both are joined from the contact, for comparison.
   */
  async sellerActivity(range: Range, source: CohortSource = 'facts'): Promise<SellerActivityRow[]> {
    const served =
      source === 'facts'
        ? `SELECT u.id AS seller_id, k.customers
             FROM app_user u
            CROSS JOIN LATERAL (
                  SELECT count(*)::int AS customers
                    FROM (SELECT DISTINCT a.customer_key FROM assignment a
                           WHERE a.agent_id = u.id AND a.started_at >= $1 AND a.started_at < $2) keys) k
            WHERE k.customers > 0`
        : `SELECT seller_id, count(*)::int AS customers
             FROM (SELECT DISTINCT a.agent_id AS seller_id, coalesce(c.customer_id, c.person_id, c.id) AS customer
                     FROM assignment a JOIN contact c ON c.id = a.contact_id
                    WHERE a.started_at >= $1 AND a.started_at < $2) pairs
            GROUP BY seller_id`;
    const arrival = source === 'facts' ? 'l.contact_created_at' : 'c.created_at';
    const arrivals = source === 'facts' ? '' : 'JOIN contact c ON c.id = l.contact_id';
    const rows = await this.db.manager.query<(Omit<SellerActivityRow, 'cycleDays'> & { cycleDays: string | null })[]>(
      `WITH served AS (${served}),
            won AS (
              SELECT l.owner_id AS seller_id, count(*)::int AS won,
                     string_agg((extract(epoch FROM l.closed_at - ${arrival}) / 86400)::text, ',') AS cycles
                FROM lead l ${arrivals}
               WHERE l.closed_at >= $1 AND l.closed_at < $2 AND l.maturity = 'won' AND l.owner_id IS NOT NULL
               GROUP BY l.owner_id)
       SELECT coalesce(s.seller_id, w.seller_id) AS "sellerId", u.name AS "sellerName",
              coalesce(s.customers, 0) AS "customersServed", coalesce(w.won, 0) AS won, w.cycles AS "cycleDays"
         FROM served s
         FULL JOIN won w ON w.seller_id = s.seller_id
         LEFT JOIN app_user u ON u.id = coalesce(s.seller_id, w.seller_id)
        ORDER BY u.name, 1`,
      [range.from, range.to],
    );
    return rows.map((r) => ({ ...r, cycleDays: r.cycleDays ? r.cycleDays.split(',').map(Number) : [] }));
  }

  /**
   * Contacts received in the period, the leads among them and the wins, per customer segment. From
   * `'facts'` the period's rows of report_contact are counted per customer first and the customers
   * (a few thousand rows, not one per contact) joined after, which spares a hash probe per contact;
   * from `'events'` every contact is joined to its customer.
   */
  async segments(range: Range, dimension: SegmentDimension, source: CohortSource = 'facts'): Promise<SegmentRow[]> {
    // `dimension` is one of SEGMENT_DIMENSIONS, never user text: safe to name as a column.
    if (!SEGMENT_DIMENSIONS.includes(dimension)) throw new Error(`unknown segment dimension ${String(dimension)}`);
    if (source === 'facts') {
      return this.db.manager.query<SegmentRow[]>(
        `WITH per_customer AS (
              SELECT customer_id, count(*) AS contacts, count(lead_route) AS leads,
                     count(*) FILTER (WHERE lead_maturity = 'won') AS won
                FROM report_contact WHERE created_at >= $1 AND created_at < $2
               GROUP BY customer_id)
         SELECT cu.${dimension} AS segment, sum(p.contacts)::int AS contacts, sum(p.leads)::int AS leads,
                sum(p.won)::int AS won
           FROM per_customer p
           LEFT JOIN customer cu ON cu.id = p.customer_id
          GROUP BY cu.${dimension}
          ORDER BY sum(p.contacts) DESC, 1`,
        [range.from, range.to],
      );
    }
    return this.db.manager.query<SegmentRow[]>(
      `WITH ${cohort(source)}
       SELECT cu.${dimension} AS segment, count(*)::int AS contacts, count(c.route)::int AS leads,
              count(*) FILTER (WHERE c.maturity = 'won')::int AS won
         FROM c
         LEFT JOIN customer cu ON cu.id = c.customer_id
        GROUP BY cu.${dimension}
        ORDER BY count(*) DESC, 1`,
      [range.from, range.to, FIRST_TOUCH_HORIZON_DAYS],
    );
  }

  /** Active product lines and the segments each targets (codes, or structured targets: domain/segments.ts). */
  async productLineSegments(): Promise<{ code: string; segments: unknown }[]> {
    return this.db.manager.query(`SELECT code, segments FROM product_line WHERE active ORDER BY code`);
  }
}
