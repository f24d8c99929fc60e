import type { AppConfig } from '../../config/app-config';

/** Only for development and tests; production requires JWT_SECRET (env.schema.ts), which is used when CAMPAIGN_LINK_SECRET is unset. */
const DEVELOPMENT_SECRET = 'development-only-link-secret-set-CAMPAIGN_LINK_SECRET';

/** The HMAC key of registration links. */
export function invitationLinkSecret(config: Pick<AppConfig, 'CAMPAIGN_LINK_SECRET' | 'JWT_SECRET'>): string {
  return config.CAMPAIGN_LINK_SECRET ?? config.JWT_SECRET ?? DEVELOPMENT_SECRET;
}
