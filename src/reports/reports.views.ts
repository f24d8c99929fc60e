import type { Percentiles } from './domain/stats';

/**
 * What the reports answer: `{ from, to, rows }`, one row per channel, agent, stage or segment, and
 * for some a few figures beside the rows (the charts' series). The CSV of a report has its rows
 * with exactly the columns listed in REPORT_COLUMNS (dotted paths into a row).
 */
export interface Report<Row> {
  from: string;
  to: string;
  rows: Row[];
}

export interface FunnelReportRow {
  /** e_coverage, e_sales, demand_generation; null for contacts not classified yet. */
  channel: string | null;
  contacts: number;
  offered: number;
  qualified: number;
  routed: { field: number; e_sales: number; partner: number; nurture: number };
  won: number;
  lost: number;
  rates: { offered: number | null; qualified: number | null; won: number | null; overall: number | null };
}

export interface SpeedToLeadRow {
  /** A channel, or `all`. */
  channel: string;
  contacts: number;
  /** Seconds of business time from arrival to the first offer to an agent. */
  firstOffer: Percentiles;
  /** Seconds of business time from arrival to the first agent taking the contact. */
  firstResponse: Percentiles;
}

export interface SpeedToLeadReport extends Report<SpeedToLeadRow> {
  /** The chart: how many contacts were first offered / answered within each bucket (seconds). */
  distribution: { upToSeconds: number | null; firstOffer: number; firstResponse: number }[];
}

export interface SlaRow {
  /** `wait`, `handoff`, `backoffice.contract`, `backoffice.order_entry`, `backoffice.billing`. */
  sla: string;
  /** For the wait SLA, the channel (null: all channels); null for the others. */
  channel: string | null;
  limitSeconds: number;
  total: number;
  met: number;
  missed: number;
  pending: number;
  attainment: number | null;
  /** The service-level goal: 0.8 for the wait SLA (80 % answered within the limit); null otherwise. */
  goal: number | null;
  goalMet: boolean | null;
}

export interface SlaReport extends Report<SlaRow> {
  /** The chart: attainment per UTC day of the wait SLA (all channels) and the handoff SLA. */
  daily: { day: string; wait: number | null; handoff: number | null }[];
}

export interface AgentReportRow {
  agentId: string;
  name: string;
  offers: number;
  accepted: number;
  declined: number;
  expired: number;
  handled: number;
  busySeconds: number;
  /** busy time over the business time of the period (4 decimals). */
  utilization: number | null;
  fairness: { peers: number; share: number | null; groupSpread: number | null };
}

export interface AgentsReport extends Report<AgentReportRow> {
  /** Business time of the period (up to now), seconds: what utilization divides by. */
  businessSeconds: number;
}

export interface StalledReportRow {
  stage: string;
  ownerId: string | null;
  ownerName: string | null;
  stalled: number;
  amount: number;
  oldestStalledAt: string;
}

export interface CostReportRow {
  channel: string;
  contacts: number;
  leads: number;
  won: number;
  currency: string | null;
  perDay: number | null;
  perContact: number | null;
  /** null when no cost is set for the channel. */
  cost: number | null;
  costPerLead: number | null;
  costPerWon: number | null;
}

export interface SellerReportRow {
  period: 'before' | 'after' | 'all';
  sellerId: string;
  sellerName: string | null;
  customersServed: number;
  won: number;
  averageCycleDays: number | null;
}

export interface SellersReport extends Report<SellerReportRow> {
  periods: {
    name: 'before' | 'after' | 'all';
    from: string;
    to: string;
    sellers: number;
    customersServed: number;
    customersPerSeller: number | null;
    won: number;
    averageCycleDays: number | null;
  }[];
  /** after / before of the two numbers; null without a split. */
  change: { customersPerSeller: number | null; averageCycleDays: number | null } | null;
}

export interface SegmentReportRow {
  /** The customer's segment (or industry, size, region); null for contacts of no known account. */
  segment: string | null;
  contacts: number;
  leads: number;
  won: number;
  leadRate: number | null;
  winRate: number | null;
  /** Product lines whose target segments name this one (market planning). */
  productLines: string[];
}

export interface SegmentsReport extends Report<SegmentReportRow> {
  by: string;
}

export const REPORT_NAMES = [
  'funnel',
  'speed-to-lead',
  'sla',
  'agents',
  'stalled',
  'cost',
  'sellers',
  'segments',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

const percentileColumns = (prefix: string) => ['count', 'p50', 'p90', 'p99'].map((k) => `${prefix}.${k}`);

/** The CSV columns of each report: the row's fields, nested ones as dotted paths. */
export const REPORT_COLUMNS: Record<ReportName, readonly string[]> = {
  funnel: [
    'channel',
    'contacts',
    'offered',
    'qualified',
    'routed.field',
    'routed.e_sales',
    'routed.partner',
    'routed.nurture',
    'won',
    'lost',
    'rates.offered',
    'rates.qualified',
    'rates.won',
    'rates.overall',
  ],
  'speed-to-lead': ['channel', 'contacts', ...percentileColumns('firstOffer'), ...percentileColumns('firstResponse')],
  sla: ['sla', 'channel', 'limitSeconds', 'total', 'met', 'missed', 'pending', 'attainment', 'goal', 'goalMet'],
  agents: [
    'agentId',
    'name',
    'offers',
    'accepted',
    'declined',
    'expired',
    'handled',
    'busySeconds',
    'utilization',
    'fairness.peers',
    'fairness.share',
    'fairness.groupSpread',
  ],
  stalled: ['stage', 'ownerId', 'ownerName', 'stalled', 'amount', 'oldestStalledAt'],
  cost: [
    'channel',
    'contacts',
    'leads',
    'won',
    'currency',
    'perDay',
    'perContact',
    'cost',
    'costPerLead',
    'costPerWon',
  ],
  sellers: ['period', 'sellerId', 'sellerName', 'customersServed', 'won', 'averageCycleDays'],
  segments: ['segment', 'contacts', 'leads', 'won', 'leadRate', 'winRate', 'productLines'],
};
