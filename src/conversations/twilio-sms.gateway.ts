import twilio from 'twilio';
import type { AppConfig } from '../config/app-config';
import { PermanentSendError } from './send-errors';
import { AcceptedSms, OutgoingSms, SmsGateway } from './sms-gateway';

const TWILIO_API = 'https://api.twilio.com';
/** A request to Twilio that has not answered in this long fails, and the job retries. */
const TWILIO_TIMEOUT_MS = 15_000;

/**
 * The twilio library's RequestClient with its URLs moved to TWILIO_API_BASE_URL: a regional
 * edge, a proxy, or a local stand-in in tests. Everything else (auth, form encoding, errors) is
 * the library's own.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: TWILIO_TIMEOUT_MS });
  }

  override request<TData>(opts: Parameters<twilio.RequestClient['request']>[0]) {
    const uri = opts.uri.startsWith(TWILIO_API) ? this.baseUrl + opts.uri.slice(TWILIO_API.length) : opts.uri;
    return super.request<TData>({ ...opts, uri } as Parameters<twilio.RequestClient['request']>[0] & { data?: TData });
  }
}

/** Twilio's Messages API through the twilio library. */
export class TwilioSmsGateway extends SmsGateway {
  private client: ReturnType<typeof twilio> | null = null;

  constructor(
    private readonly config: Pick<AppConfig, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_API_BASE_URL'>,
  ) {
    super();
  }

  async send(sms: OutgoingSms): Promise<AcceptedSms> {
    try {
      const message = await this.twilio().messages.create({
        from: sms.from,
        to: sms.to,
        body: sms.body,
        statusCallback: sms.statusCallback,
      });
      return { sid: message.sid, status: message.status };
    } catch (error) {
      const e = error as { status?: number; code?: number; message?: string };
      // 4xx: Twilio refused this message (21211 invalid number, 21610 unsubscribed, ...): final.
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.status !== 429) {
        throw new PermanentSendError(`Twilio ${e.code ?? e.status}: ${e.message ?? 'refused'}`);
      }
      throw error;
    }
  }

  private twilio(): ReturnType<typeof twilio> {
    const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token } = this.config;
    if (!sid || !token) throw new PermanentSendError('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set');
    this.client ??= twilio(sid, token, { httpClient: new RebasedRequestClient(this.config.TWILIO_API_BASE_URL) });
    return this.client;
  }
}
