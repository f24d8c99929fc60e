import type { AppConfig } from '../config/app-config';
import { FaxGateway, OutgoingFax } from './fax-gateway';
import { PermanentSendError } from './send-errors';

const PHAXIO_TIMEOUT_MS = 30_000;

/**
 * Phaxio's send API (v2): `POST /v2/faxes`, multipart with `to`, the document as `file` and
 * `callback_url`, HTTP Basic with the API key and secret. Answers `{ success, message, data: { id } }`.
 */
export class PhaxioFaxGateway extends FaxGateway {
  constructor(
    private readonly config: Pick<AppConfig, 'PHAXIO_API_KEY' | 'PHAXIO_API_SECRET' | 'PHAXIO_API_BASE_URL'>,
  ) {
    super();
  }

  async send(fax: OutgoingFax): Promise<{ faxId: string }> {
    const { PHAXIO_API_KEY: key, PHAXIO_API_SECRET: secret } = this.config;
    if (!key || !secret) throw new PermanentSendError('PHAXIO_API_KEY and PHAXIO_API_SECRET are not set');
    const form = new FormData();
    form.set('to', fax.to);
    form.set('callback_url', fax.callbackUrl);
    form.set(
      'file',
      new Blob([new Uint8Array(fax.document.bytes)], { type: fax.document.contentType }),
      fax.document.filename,
    );
    const response = await fetch(`${this.config.PHAXIO_API_BASE_URL}/v2/faxes`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` },
      body: form,
      signal: AbortSignal.timeout(PHAXIO_TIMEOUT_MS),
    });
    const answer = (await response.json().catch(() => ({}))) as {
      success?: boolean;
      message?: string;
      data?: { id?: number | string };
    };
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      throw new PermanentSendError(`Phaxio ${response.status}: ${answer.message ?? 'refused'}`);
    }
    if (!response.ok || answer.success === false) {
      throw new Error(`Phaxio answered ${response.status}: ${answer.message ?? 'no message'}`);
    }
    const id = answer.data?.id;
    if (id === undefined || id === null || String(id) === '') throw new Error('Phaxio answered without a fax id');
    return { faxId: String(id) };
  }
}
