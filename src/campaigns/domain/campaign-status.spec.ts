import { CAMPAIGN_STATUSES, type CampaignStatus } from './campaign.types';
import { campaignStatusChange, nextCampaignStatuses } from './campaign-status';

describe('campaignStatusChange', () => {
  it.each<[CampaignStatus, CampaignStatus, boolean]>([
    ['draft', 'active', true],
    ['draft', 'paused', false],
    ['draft', 'done', true],
    ['active', 'paused', true],
    ['active', 'done', true],
    ['active', 'draft', false],
    ['paused', 'active', true],
    ['paused', 'done', true],
    ['paused', 'draft', false],
    ['done', 'active', false],
    ['done', 'paused', false],
    ['done', 'draft', false],
  ])('%s -> %s allowed: %s', (from, to, ok) => {
    expect(campaignStatusChange(from, to).ok).toBe(ok);
  });

  it('refuses staying in place with a reason', () => {
    for (const s of CAMPAIGN_STATUSES) {
      const change = campaignStatusChange(s, s);
      expect(change).toEqual({ ok: false, reason: `the campaign is already ${s}` });
    }
  });

  it('never leads back to draft', () => {
    for (const s of CAMPAIGN_STATUSES) expect(nextCampaignStatuses(s)).not.toContain('draft');
  });
});
