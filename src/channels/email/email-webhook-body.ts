import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../../config/app-config';

const EMAIL_WEBHOOKS = '/webhooks/email/';

/**
 * Form-encoded inbound-e-mail posts (Mailgun) carry whole messages, far past the app's small
 * default body limit: these routes get their own urlencoded parser, registered before the default
 * one (which then skips the already-parsed body). Percent-encoding can triple a message's size.
 */
export function emailWebhookFormParserOptions(config: AppConfig) {
  return {
    limit: config.SMTP_INTAKE_MAX_BYTES * 3,
    extended: false,
    parameterLimit: 5000,
    type: (req: IncomingMessage) =>
      (req.url ?? '').startsWith(EMAIL_WEBHOOKS) &&
      /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? ''),
  };
}
