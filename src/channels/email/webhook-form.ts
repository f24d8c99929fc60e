import Libmime from 'libmime';
import { decode } from 'libmime/lib/charset.js';

export interface WebhookFile {
  field: string;
  filename?: string;
  contentType: string;
  content: Buffer;
}

/**
 * A provider's form post, fields kept as the bytes that were sent: providers do not always send
 * UTF-8 (SendGrid names each field's charset in `charsets`), so decoding is the reader's choice.
 * Field names are case-sensitive (Mailgun posts both `from` and `From`).
 */
export class WebhookForm {
  constructor(
    readonly fields: ReadonlyMap<string, Buffer[]>,
    readonly files: readonly WebhookFile[],
  ) {}

  has(name: string): boolean {
    return this.fields.has(name);
  }

  bytes(name: string): Buffer | undefined {
    return this.fields.get(name)?.[0];
  }

  /** The first value of a field decoded from `charset` (UTF-8 unless said otherwise). */
  text(name: string, charset = 'utf-8'): string | undefined {
    const bytes = this.bytes(name);
    return bytes === undefined ? undefined : decodeCharset(bytes, charset);
  }

  /** Every value of a repeated field, decoded as UTF-8. */
  texts(name: string): string[] {
    return (this.fields.get(name) ?? []).map((b) => b.toString('utf8'));
  }
}

/**
 * Bytes in any charset mail uses (UTF-8, ISO-2022-JP, Shift_JIS, GB2312/GBK/GB18030, Big5,
 * windows-125x, ...) as text: libmime's decoder, which is iconv-lite plus encoding-japanese for the
 * ISO-2022-JP family, the same one mailparser decodes bodies with. An unknown charset reads as UTF-8.
 */
export function decodeCharset(bytes: Buffer, charset: string): string {
  return decode(bytes, charset.trim() || 'utf-8');
}

/** A file name as a form part gave it; some senders put RFC 2047 encoded words in it. */
export function decodeFileName(name: string | undefined): string | undefined {
  return name && name.includes('=?') ? Libmime.decodeWords(name) : name;
}

/** One percent-decoded form component as bytes (`+` is a space); malformed escapes stay as they are. */
function formBytes(component: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < component.length; i++) {
    const c = component.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25 && /^[0-9a-f]{2}$/i.test(component.slice(i + 1, i + 3))) {
      bytes.push(parseInt(component.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(component[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

/**
 * A form-encoded body as fields of bytes. Percent-escapes are decoded to the bytes they name, not
 * through UTF-8, so a raw MIME message posted in a field (Mailgun's body-mime) keeps its 8-bit
 * bytes in whatever charset it declares. Pure.
 */
export function parseFormEncoded(body: Buffer): Map<string, Buffer[]> {
  const fields = new Map<string, Buffer[]>();
  for (const pair of body.toString('latin1').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = formBytes(eq < 0 ? pair : pair.slice(0, eq)).toString('utf8');
    const value = formBytes(eq < 0 ? '' : pair.slice(eq + 1));
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}
