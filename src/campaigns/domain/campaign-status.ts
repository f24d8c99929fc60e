import type { CampaignStatus } from './campaign.types';

/**
 * A campaign's lifecycle: a `draft` is being prepared (targets imported), `active` is dialled or
 * sent, `paused` stops new attempts and keeps the worklist, `done` ends it for good.
 */
const TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['active', 'done'],
  active: ['paused', 'done'],
  paused: ['active', 'done'],
  done: [],
};

export type StatusChange = { ok: true } | { ok: false; reason: string };

/** Whether a campaign at `from` may move to `to`; the reason says why not. */
export function campaignStatusChange(from: CampaignStatus, to: CampaignStatus): StatusChange {
  if (from === to) return { ok: false, reason: `the campaign is already ${from}` };
  if (TRANSITIONS[from].includes(to)) return { ok: true };
  if (from === 'done') return { ok: false, reason: 'a done campaign cannot change any more' };
  return { ok: false, reason: `a ${from} campaign cannot become ${to}` };
}

/** Statuses a campaign at `from` may move to. */
export function nextCampaignStatuses(from: CampaignStatus): readonly CampaignStatus[] {
  return TRANSITIONS[from];
}
