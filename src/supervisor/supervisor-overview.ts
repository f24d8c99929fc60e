import { UNCLASSIFIED } from '../common/protocol.mjs';
import {
  CONTACT_STATUSES,
  type ContactStatus,
  MEDIA,
  type Medium,
  SALES_CHANNELS,
  type SalesChannel,
} from '../contacts/contact.types';

/**
 * Pure folding of the supervisor's aggregate rows into the overview's shape: every status, channel
 * and medium present with zero where nothing was counted, so the console draws stable tables.
 */

/** Contacts not yet with an agent: received, classified and queued, or offered but not accepted. */
export const WAITING_STATUSES: readonly ContactStatus[] = ['received', 'queued', 'offered'];
/** Contacts someone still has to work: counted whatever their age. */
export const OPEN_STATUSES: readonly ContactStatus[] = [...WAITING_STATUSES, 'assigned'];

/** The bucket of contacts whose channel is not classified yet (src/common/protocol.mjs). */
export { UNCLASSIFIED };
export type ChannelKey = SalesChannel | typeof UNCLASSIFIED;
export const CHANNEL_KEYS: readonly ChannelKey[] = [...SALES_CHANNELS, UNCLASSIFIED];

export interface ContactCountRow {
  status: ContactStatus;
  channel: SalesChannel | null;
  medium: Medium;
  count: number;
}

/** A count of contacts with their waits: how many arrived before the SLA start, and the oldest arrival. */
export interface ContactWaitRow extends ContactCountRow {
  overSla: number;
  oldestCreatedAt: Date | null;
}

export interface WaitingRow {
  channel: SalesChannel | null;
  count: number;
  overSla: number;
  oldestCreatedAt: Date | null;
}

export interface ContactCounts {
  byStatus: Record<ContactStatus, number>;
  byChannel: Record<ChannelKey, Record<ContactStatus, number>>;
  byMedium: Record<Medium, number>;
}

export interface WaitingSummary {
  channel: ChannelKey;
  count: number;
  overSla: number;
  oldestWaitSeconds: number | null;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function foldContactCounts(rows: readonly ContactCountRow[]): ContactCounts {
  const byStatus = zeros(CONTACT_STATUSES);
  const byMedium = zeros(MEDIA);
  const byChannel = Object.fromEntries(CHANNEL_KEYS.map((c) => [c, zeros(CONTACT_STATUSES)])) as Record<
    ChannelKey,
    Record<ContactStatus, number>
  >;
  for (const row of rows) {
    byStatus[row.status] += row.count;
    byMedium[row.medium] += row.count;
    byChannel[row.channel ?? UNCLASSIFIED][row.status] += row.count;
  }
  return { byStatus, byChannel, byMedium };
}

/** The waiting contacts' rows among the counts (one scan of the open contacts yields both). */
export function waitingRowsOf(rows: readonly ContactWaitRow[]): WaitingRow[] {
  return rows
    .filter((r) => WAITING_STATUSES.includes(r.status))
    .map(({ channel, count, overSla, oldestCreatedAt }) => ({ channel, count, overSla, oldestCreatedAt }));
}

/** One line per channel (unclassified last), with the longest wait in whole seconds at `now`. */
export function summarizeWaiting(rows: readonly WaitingRow[], now: Date): WaitingSummary[] {
  return CHANNEL_KEYS.map((channel) => {
    const found = rows.filter((r) => (r.channel ?? UNCLASSIFIED) === channel);
    const oldest = found
      .map((r) => r.oldestCreatedAt)
      .filter((d): d is Date => d !== null)
      .reduce<Date | null>((min, d) => (min === null || d < min ? d : min), null);
    return {
      channel,
      count: found.reduce((n, r) => n + r.count, 0),
      overSla: found.reduce((n, r) => n + r.overSla, 0),
      oldestWaitSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : null,
    };
  });
}
