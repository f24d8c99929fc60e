import { rate } from './stats';

/** Business time between two instants (epoch ms), in ms: the business-hours calendar; wall time when always open. */
export type BusinessTime = (fromMs: number, toMs: number) => number;

/**
 * Something with an SLA clock (epoch ms; numbers, not Dates, as a report holds tens of thousands):
 * it started, and it was answered (or accepted, or done) or not yet.
 */
export interface SlaSample {
  startedAt: number;
  endedAt: number | null;
}

export interface SlaAttainment {
  /** Samples decided: met plus missed. */
  total: number;
  met: number;
  missed: number;
  /** Still open and still within the SLA: not counted either way yet. */
  pending: number;
  /** met / total (4 decimals); null when nothing was decided. */
  attainment: number | null;
}

/**
 * Attainment of an SLA counted in business time: a sample is met when it ended within `limitMs`
 * of business time, missed when it ended later or is still open past the limit at `now`, and
 * pending (left out of the share) when it is still open within the limit.
 */
export function slaAttainment(
  samples: readonly SlaSample[],
  limitMs: number,
  businessTime: BusinessTime,
  now: Date,
): SlaAttainment {
  let met = 0;
  let missed = 0;
  let pending = 0;
  const nowMs = now.getTime();
  for (const s of samples) {
    if (s.endedAt !== null) {
      if (businessTime(s.startedAt, s.endedAt) <= limitMs) met++;
      else missed++;
    } else if (businessTime(s.startedAt, nowMs) > limitMs) missed++;
    else pending++;
  }
  return { total: met + missed, met, missed, pending, attainment: rate(met, met + missed) };
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

const DAY_MS = 24 * 60 * 60 * 1000;

/** Attainment per UTC day of the samples' start, days in order (days without samples left out). */
export function dailyAttainment(
  samples: readonly SlaSample[],
  limitMs: number,
  businessTime: BusinessTime,
  now: Date,
): { day: string; attainment: SlaAttainment }[] {
  // Grouped by the day's number since the epoch: one date text per day, not one per sample.
  const byDay = new Map<number, SlaSample[]>();
  for (const s of samples) {
    const day = Math.floor(s.startedAt / DAY_MS);
    const list = byDay.get(day);
    if (list) list.push(s);
    else byDay.set(day, [s]);
  }
  return [...byDay.keys()]
    .sort((a, b) => a - b)
    .map((day) => ({
      day: utcDay(new Date(day * DAY_MS)),
      attainment: slaAttainment(byDay.get(day)!, limitMs, businessTime, now),
    }));
}
