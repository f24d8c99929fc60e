import type { Request } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node:querystring';
import { Readable } from 'node:stream';
import { readWebhookForm } from '../../src/channels/email/webhook-form.reader';
import type { WebhookForm } from '../../src/channels/email/webhook-form';

/** The project's own copies of the e-mail fixtures (see test/fixtures/email/SOURCES.md). */
export const EMAIL_FIXTURES = join(__dirname, '..', 'fixtures', 'email');

export const emailFixture = (name: string): Buffer => readFileSync(join(EMAIL_FIXTURES, name));

export interface CapturedPost {
  contentType: string;
  body: Buffer;
}

/**
 * A provider post as captured: `*.multipart.txt` starts with the capturing service's header block
 * (its `HTTP/1.1 200 OK` first line is an artefact), the body follows the first blank line;
 * `*.form` files are bare form-encoded bodies (a `.headers.txt` beside one holds its headers).
 */
export function capturedPost(name: string): CapturedPost {
  const bytes = emailFixture(name);
  if (name.endsWith('.form')) return { contentType: 'application/x-www-form-urlencoded', body: bytes };
  const end = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, end).toString('latin1');
  const contentType = /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? 'application/octet-stream';
  return { contentType, body: bytes.subarray(end + 4) };
}

/** The fields of a captured form-encoded post, the way the app's urlencoded parser reads them. */
export const formFields = (body: Buffer): Record<string, string | string[]> =>
  parse(body.toString('utf8')) as Record<string, string | string[]>;

/** Runs a captured post through the same reader the webhook controllers use. */
export function webhookFormOf(post: CapturedPost, maxBytes = 25 * 1024 * 1024): Promise<WebhookForm> {
  const req = Readable.from([post.body]) as unknown as Request;
  Object.assign(req, {
    headers: { 'content-type': post.contentType, 'content-length': String(post.body.length) },
    // As the app hands a form post over: the parsed fields, and the raw bytes (rawBody: true).
    ...(post.contentType.startsWith('application/x-www-form-urlencoded')
      ? { body: formFields(post.body), rawBody: post.body }
      : {}),
  });
  return readWebhookForm(req, { maxBytes });
}
