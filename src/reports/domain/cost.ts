import { rate, round } from './stats';

/** What a channel costs: a fixed amount per day (staff, lines, licences) and an amount per contact. */
export interface ChannelCost {
  perDay: number;
  perContact: number;
}

export interface ChannelVolume {
  contacts: number;
  leads: number;
  won: number;
}

export interface ChannelCostFigures {
  /** perDay times the days of the period plus perContact times its contacts. */
  cost: number;
  costPerLead: number | null;
  costPerWon: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days in [from, to), fractional: a report over 36 hours charges 1.5 days of fixed cost. */
export const daysBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / DAY_MS;

/** The channel's cost in the period and its division by leads and by won deals (2 decimals). */
export function channelCost(cost: ChannelCost, volume: ChannelVolume, days: number): ChannelCostFigures {
  const total = round(cost.perDay * days + cost.perContact * volume.contacts, 2);
  const per = (n: number): number | null => {
    const r = rate(total, n);
    return r === null ? null : round(total / n, 2);
  };
  return { cost: total, costPerLead: per(volume.leads), costPerWon: per(volume.won) };
}
