import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startStandInServer, StandInServer } from './telephony';

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

export interface TwilioMessageRequest {
  path: string;
  authorization: string | undefined;
  params: Record<string, string>;
}

/** The numbers Twilio's test credentials treat as invalid: the stand-in answers them like Twilio (21211). */
export const INVALID_NUMBER = '+15005550001';

/**
 * A local stand-in of Twilio's Messages API: `POST /2010-04-01/Accounts/{sid}/Messages.json`,
 * form-encoded, answered with Twilio-shaped JSON. It records every request; `failNext` answers
 * that many requests with a 500 first (an outage the sender must retry through).
 */
export class TwilioStandIn {
  readonly messages: TwilioMessageRequest[] = [];
  failNext = 0;
  private server: StandInServer | null = null;

  get url(): string {
    return this.server!.url;
  }

  async start(): Promise<void> {
    this.server = await startStandInServer((req, res) => {
      void (async () => {
        const raw = await bodyOf(req);
        const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? '');
        if (req.method !== 'POST' || !match) return json(res, 404, { code: 20404, message: 'not found', status: 404 });
        if (this.failNext > 0) {
          this.failNext--;
          return json(res, 500, { code: 20500, message: 'Internal Server Error', status: 500 });
        }
        const params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
        this.messages.push({ path: req.url ?? '', authorization: req.headers.authorization, params });
        if (params.To === INVALID_NUMBER) {
          return json(res, 400, {
            code: 21211,
            message: `The 'To' number ${params.To} is not a valid phone number.`,
            more_info: 'https://www.twilio.com/docs/errors/21211',
            status: 400,
          });
        }
        json(res, 201, {
          sid: `SM${randomBytes(16).toString('hex')}`,
          account_sid: match[1],
          from: params.From,
          to: params.To,
          body: params.Body,
          status: 'queued',
          num_segments: '1',
          direction: 'outbound-api',
          api_version: '2010-04-01',
          date_created: new Date().toUTCString(),
          uri: `/2010-04-01/Accounts/${match[1]}/Messages/x.json`,
        });
      })();
    });
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}

export interface PhaxioSendRequest {
  authorization: string | undefined;
  to: string | null;
  callbackUrl: string | null;
  file: { name: string; type: string; bytes: Buffer } | null;
}

/** A local stand-in of Phaxio's send API: `POST /v2/faxes` (multipart), answered like Phaxio. */
export class PhaxioStandIn {
  readonly faxes: PhaxioSendRequest[] = [];
  private nextId = 91_000_000;
  private server: StandInServer | null = null;

  get url(): string {
    return this.server!.url;
  }

  async start(): Promise<void> {
    this.server = await startStandInServer((req, res) => {
      void (async () => {
        const raw = await bodyOf(req);
        if (req.method !== 'POST' || req.url !== '/v2/faxes')
          return json(res, 404, { success: false, message: 'not found' });
        const form = await new Response(raw, {
          headers: { 'content-type': req.headers['content-type'] ?? '' },
        }).formData();
        const file = form.get('file');
        this.faxes.push({
          authorization: req.headers.authorization,
          to: typeof form.get('to') === 'string' ? (form.get('to') as string) : null,
          callbackUrl: typeof form.get('callback_url') === 'string' ? (form.get('callback_url') as string) : null,
          file:
            file && typeof file !== 'string'
              ? { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) }
              : null,
        });
        json(res, 200, { success: true, message: 'Fax queued for sending', data: { id: ++this.nextId } });
      })();
    });
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}
