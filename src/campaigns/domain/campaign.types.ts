/** The words of outbound work (CONTRACT "Outbound campaigns"), shared by the domain, repositories and DTOs. */
export const CAMPAIGN_KINDS = ['seminar_invitation', 'account_call', 'quote_follow_up'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const CAMPAIGN_MEDIA = ['voice', 'email', 'sms'] as const;
export type CampaignMedium = (typeof CAMPAIGN_MEDIA)[number];

export const CAMPAIGN_CHANNELS = ['e_coverage', 'e_sales', 'demand_generation'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'done'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const TARGET_STATES = ['pending', 'offered', 'retry', 'done', 'skipped'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

/** Daily calling window in the campaign's time zone: `from`/`to` are local `HH:MM`, `from` < `to`. */
export interface CallingHours {
  timezone: string;
  from: string;
  to: string;
}
