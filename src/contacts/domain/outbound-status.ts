/**
 * The delivery status of an outbound message only moves forward: `queued` -> `sent` ->
 * `delivered`, or `failed` from either; `delivered` and `failed` are final. A provider's late or
 * retried callback (an "answered" after the "completed") therefore changes nothing.
 */
export type OutboundStatus = 'queued' | 'sent' | 'delivered' | 'failed';

export const OUTBOUND_STATUS_RANK: Readonly<Record<OutboundStatus, number>> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  failed: 2,
};

export function movesForward(from: OutboundStatus, to: OutboundStatus): boolean {
  return OUTBOUND_STATUS_RANK[to] > OUTBOUND_STATUS_RANK[from];
}
