import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { FetchedMedia, MediaFetchError, TwilioMediaFetcher } from './twilio-media-fetcher';

export interface HttpMediaFetcherOptions {
  /** Hosts (host or host:port, lowercase) media may be fetched from: nothing else, against SSRF. */
  allowedHosts: readonly string[];
  /** Sent as HTTP Basic auth to the allowed hosts (Twilio protects media with the account's credentials). */
  credentials?: { username: string; password: string };
  timeoutMs?: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Fetches over HTTPS (plain HTTP only from loopback, for local stand-ins) with a timeout. */
export class HttpTwilioMediaFetcher extends TwilioMediaFetcher {
  constructor(private readonly options: HttpMediaFetcherOptions) {
    super();
  }

  async fetch(url: string): Promise<FetchedMedia> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new MediaFetchError('media URL is not a URL', false);
    }
    const host = parsed.host.toLowerCase();
    const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname));
    if (!secure || !this.options.allowedHosts.includes(host)) {
      throw new MediaFetchError(`media host ${host} is not among TWILIO_MEDIA_HOSTS`, false);
    }
    const headers: Record<string, string> = {};
    const { credentials } = this.options;
    if (credentials) {
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    let response: Response;
    try {
      // Redirects (MMS media moves to a CDN) are followed; fetch drops Authorization across origins.
      response = await fetch(parsed, { headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    } catch (error) {
      throw new MediaFetchError(`media download failed: ${(error as Error).message}`, true);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      // 4xx other than 404/408/429 will not change by retrying; a fresh recording can 404 briefly.
      const retryable = response.status >= 500 || [404, 408, 429].includes(response.status);
      throw new MediaFetchError(`media host answered ${response.status}`, retryable);
    }
    return {
      contentType: response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined,
      body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    };
  }
}
