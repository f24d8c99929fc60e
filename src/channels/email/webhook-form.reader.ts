import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { parseFormEncoded, WebhookFile, WebhookForm } from './webhook-form';

export interface WebhookFormLimits {
  /** Largest field or file, and (twice this) the largest whole post, in bytes. */
  maxBytes: number;
}

const MAX_FILES = 100;
const MAX_FIELDS = 2000;

const tooLarge = (limits: WebhookFormLimits) =>
  new PayloadTooLargeException({
    message: `the e-mail is larger than ${limits.maxBytes} bytes`,
    errors: [{ field: 'body', message: `must be at most ${limits.maxBytes} bytes` }],
  });

const malformed = (detail: string) =>
  new BadRequestException({
    message: `body is not a valid form post: ${detail}`,
    errors: [{ field: 'body', message: 'must be a multipart/form-data or form-encoded post' }],
  });

/**
 * Reads an inbound-e-mail webhook post: multipart/form-data (streamed through busboy, bounded) or a
 * form-encoded body (already parsed by the app's larger parser for these routes). Anything else is
 * answered 415; a broken post 400; an oversize one 413.
 */
export function readWebhookForm(req: Request, limits: WebhookFormLimits): Promise<WebhookForm> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return readMultipart(req, limits);
  if (type.startsWith('application/x-www-form-urlencoded')) {
    // The app keeps the raw body (rawBody: true): read the bytes themselves when they are there.
    const raw = (req as Request & { rawBody?: unknown }).rawBody;
    if (Buffer.isBuffer(raw)) return Promise.resolve(new WebhookForm(parseFormEncoded(raw), []));
    return Promise.resolve(fromParsedBody(req.body));
  }
  return Promise.reject(
    new UnsupportedMediaTypeException({
      message: 'body must be multipart/form-data or application/x-www-form-urlencoded',
      errors: [{ field: 'Content-Type', message: 'must be multipart/form-data or application/x-www-form-urlencoded' }],
    }),
  );
}

function fromParsedBody(body: unknown): WebhookForm {
  const fields = new Map<string, Buffer[]>();
  if (typeof body === 'object' && body !== null) {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      const values = Array.isArray(value) ? value : [value];
      fields.set(
        name,
        values.filter((v): v is string => typeof v === 'string').map((v) => Buffer.from(v, 'utf8')),
      );
    }
  }
  return new WebhookForm(fields, []);
}

function readMultipart(req: Request, limits: WebhookFormLimits): Promise<WebhookForm> {
  return new Promise<WebhookForm>((resolve, reject) => {
    const fields = new Map<string, Buffer[]>();
    const files: WebhookFile[] = [];
    let total = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      req.resume(); // drain, so the answer can still be written
      reject(error);
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // latin1 maps each byte to one character: the field's bytes survive for charset decoding.
        defCharset: 'latin1',
        defParamCharset: 'utf8',
        limits: {
          fieldSize: limits.maxBytes,
          fileSize: limits.maxBytes,
          files: MAX_FILES,
          fields: MAX_FIELDS,
          parts: MAX_FILES + MAX_FIELDS,
        },
      });
    } catch (error) {
      reject(malformed((error as Error).message));
      return;
    }
    const count = (n: number) => {
      total += n;
      if (total > limits.maxBytes * 2) fail(tooLarge(limits));
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(tooLarge(limits));
      const bytes = Buffer.from(value, 'latin1');
      count(bytes.length);
      fields.set(name, [...(fields.get(name) ?? []), bytes]);
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        count(chunk.length);
      });
      stream.on('limit', () => fail(tooLarge(limits)));
      stream.on('end', () => {
        files.push({
          field,
          ...(info.filename ? { filename: info.filename } : {}),
          contentType: info.mimeType || 'application/octet-stream',
          content: Buffer.concat(chunks),
        });
      });
    });
    for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      parser.on(event, () => fail(malformed(`too many parts (${event})`)));
    }
    parser.on('error', (error: Error) => fail(malformed(error.message)));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve(new WebhookForm(fields, files));
    });
    req.on('aborted', () => fail(malformed('request aborted')));
    req.pipe(parser);
  });
}
