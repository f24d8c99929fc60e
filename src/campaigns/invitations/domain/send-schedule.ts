/**
 * Throttling of a campaign's invitations, as times rather than a shared counter: the i-th target
 * of a start is sent no earlier than `start + floor(i / rate)` seconds, so at most `rate` go out in
 * any one second however many workers run. Each job carries its own due time (a durable timer in
 * the outbox), so a restart keeps the pace. Pure.
 */
export function sendDueAt(startMs: number, index: number, ratePerSecond: number): Date {
  if (!Number.isInteger(index) || index < 0) throw new RangeError('index must be a whole number >= 0');
  if (!Number.isInteger(ratePerSecond) || ratePerSecond < 1) throw new RangeError('rate must be a whole number >= 1');
  return new Date(startMs + Math.floor(index / ratePerSecond) * 1000);
}

/** How long sending `count` invitations at `ratePerSecond` takes, in whole seconds (the last one's offset). */
export function sendSpanSeconds(count: number, ratePerSecond: number): number {
  return count <= 0 ? 0 : Math.floor((count - 1) / ratePerSecond);
}
