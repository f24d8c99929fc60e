/**
 * How provider reports move the delivery status of an outbound message. The order itself (queued
 * -> sent -> delivered, `failed` from either, `delivered` and `failed` final) is the one rule of
 * contacts/domain/outbound-status.ts, shared with outbound calls; a late or repeated callback
 * ("sent" after "delivered", Twilio's out-of-order posts) therefore changes nothing. Pure.
 */
import { movesForward, OUTBOUND_STATUS_RANK, type OutboundStatus } from '../../contacts/domain/outbound-status';

export type { OutboundStatus } from '../../contacts/domain/outbound-status';

export const isFinal = (status: OutboundStatus): boolean => status === 'delivered' || status === 'failed';

/** The status after a report of `next`: `next` when it moves forward, else `current`. */
export function advance(current: OutboundStatus, next: OutboundStatus): OutboundStatus {
  return movesForward(current, next) ? next : current;
}

/** A provider's status in our words; null when it says nothing about delivery (e.g. `receiving`). */
export function fromTwilioStatus(status: string): OutboundStatus | null {
  switch (status.toLowerCase()) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

export interface PartStatus {
  status: OutboundStatus;
  error: string | null;
}

/**
 * The status of a message sent as several provider messages (a long SMS): failed as soon as one
 * part failed (with its reason), delivered when every part was, otherwise the least advanced part.
 */
export function combineParts(parts: readonly PartStatus[]): PartStatus {
  const failed = parts.find((p) => p.status === 'failed');
  if (failed) return { status: 'failed', error: failed.error };
  if (parts.length === 0) return { status: 'queued', error: null };
  const least = parts.reduce((a, b) => (OUTBOUND_STATUS_RANK[b.status] < OUTBOUND_STATUS_RANK[a.status] ? b : a));
  return { status: least.status, error: null };
}
