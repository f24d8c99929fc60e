import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedFilePart {
  fieldName: string;
  contents: Buffer;
}

const byName =
  <T>(name: (t: T) => string) =>
  (a: T, b: T) =>
    name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0;

/**
 * Phaxio's callback signature (https://www.phaxio.com/docs/security/callbacks): HMAC-SHA1, keyed
 * with the account's callback token, of the URL Phaxio called, then every POST parameter sorted by
 * name as name + value, then every file part sorted by name as name + hex SHA-1 of its contents;
 * written in hex.
 */
export function phaxioSignature(
  callbackToken: string,
  url: string,
  fields: Readonly<Record<string, string>>,
  files: readonly SignedFilePart[],
): string {
  const hmac = createHmac('sha1', callbackToken);
  hmac.update(url, 'utf8');
  for (const [name, value] of Object.entries(fields).sort(byName(([n]) => n))) hmac.update(name + value, 'utf8');
  for (const file of [...files].sort(byName((f) => f.fieldName))) {
    hmac.update(file.fieldName + createHash('sha1').update(file.contents).digest('hex'), 'utf8');
  }
  return hmac.digest('hex');
}

/** Constant-time comparison of a received hex signature with the expected one. */
export function hexSignatureMatches(received: string | undefined, expectedHex: string): boolean {
  if (typeof received !== 'string' || !/^[0-9a-f]+$/i.test(received.trim())) return false;
  const a = Buffer.from(received.trim().toLowerCase(), 'hex');
  const b = Buffer.from(expectedHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `X-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>` of the generic fax webhook. */
export function genericFaxSignatureMatches(header: string | undefined, secret: string, rawBody: Buffer): boolean {
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header?.trim() ?? '');
  if (!match?.[1]) return false;
  return hexSignatureMatches(match[1], createHmac('sha256', secret).update(rawBody).digest('hex'));
}
