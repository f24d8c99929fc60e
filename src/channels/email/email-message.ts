import { parseAddressHeader, type AddressObject, type ParsedMail, type StructuredHeader } from 'mailparser';
import type { JsonObject } from '../../common/json';
import { decodeRawHeaderValue } from './charset-repair';

/** Who delivered an e-mail: our own SMTP intake or an inbound-parse provider. */
export const EMAIL_SOURCES = ['smtp', 'sendgrid', 'mailgun'] as const;
export type EmailSource = (typeof EMAIL_SOURCES)[number];

/** An attachment still in memory, before it is written to blob storage. */
export interface EmailAttachmentDraft {
  filename?: string;
  contentType: string;
  content: Buffer;
}

/**
 * One received e-mail, whatever delivered it: a parsed MIME message (SMTP, raw-mode webhooks) or a
 * provider's pre-parsed fields. Everything is already decoded to Unicode text.
 */
export interface EmailMessage {
  /** Message-ID with angle brackets. */
  messageId?: string;
  inReplyTo: string[];
  references: string[];
  from?: { name?: string; address?: string };
  /** The envelope sender (MAIL FROM, Return-Path); the empty string is the null sender `<>` of bounces. */
  envelopeFrom?: string;
  to: string[];
  subject?: string;
  text?: string;
  html?: string;
  /** Header fields by lower-case name, values as sent (unfolded), for the auto-generated-mail rules. */
  headers: Record<string, string[]>;
  /** MIME type of the whole message, e.g. `multipart/report` for a delivery report. */
  contentType?: string;
  attachments: EmailAttachmentDraft[];
  /** The delivering provider judged it spam. */
  providerSpam?: boolean;
  /** Provider facts worth keeping for audit (never secrets). */
  provider?: JsonObject;
}

const MESSAGE_ID = /<[^<>\s]+>/g;
/** More references than this add nothing but cost: a thread is found by its most recent ones. */
const MAX_REFERENCES = 50;

/** Message-IDs in a header value (`<a@b> <c@d>`); a bare id without brackets is bracketed. */
export function messageIds(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  const ids: string[] = [];
  for (const v of values) {
    const found = v.match(MESSAGE_ID);
    if (found) ids.push(...found);
    else if (/^[^<>\s]+@[^<>\s]+$/.test(v.trim())) ids.push(`<${v.trim()}>`);
  }
  return [...new Set(ids)].slice(-MAX_REFERENCES);
}

/** Header fields by lower-case name, each value unfolded and without its name. */
export function headerFields(lines: ReadonlyArray<{ key: string; line: string }>): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]*/g, ' ').trim();
    (fields[key.toLowerCase()] ??= []).push(value);
  }
  return fields;
}

/** `<bounce@example.org>` -> `bounce@example.org`; `<>` -> `` (the null sender). */
export function envelopeAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const bracketed = /<([^<>]*)>/.exec(trimmed);
  return (bracketed ? bracketed[1] : trimmed).trim();
}

const firstAddress = (value: AddressObject | AddressObject[] | undefined) => {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  for (const object of list) {
    for (const entry of object.value) {
      const mailbox = entry.group?.[0] ?? entry;
      if (mailbox.address || mailbox.name) return mailbox;
    }
  }
  return undefined;
};

const allAddresses = (value: AddressObject | AddressObject[] | undefined): string[] => {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((o) => o.value.flatMap((e) => (e.group ?? [e]).map((m) => m.address ?? ''))).filter(Boolean);
};

export interface ParsedMailContext {
  /** The SMTP envelope sender, when known (it beats a Return-Path header). */
  envelopeFrom?: string;
  envelopeTo?: string[];
  /** The charset the message declares, for raw 8-bit header bytes (see decodeRawHeaderValue). */
  charsetHint?: string;
}

/** The raw value (binary string, as mailparser keeps it) of the first header line named `key`. */
const rawHeader = (parsed: ParsedMail, key: string): string | undefined => {
  const line = parsed.headerLines.find((l) => l.key === key)?.line;
  return line === undefined ? undefined : line.slice(line.indexOf(':') + 1);
};

/** The common shape of a message mailparser parsed. Pure. */
export function fromParsedMail(parsed: ParsedMail, ctx: ParsedMailContext = {}): EmailMessage {
  const headers = headerFields(parsed.headerLines);
  const contentType = parsed.headers.get('content-type') as StructuredHeader | undefined;
  const charset = ctx.charsetHint ?? contentType?.params?.charset;
  // Raw 8-bit header bytes are read in the message's charset; mailparser assumes UTF-8.
  const rawSubject = rawHeader(parsed, 'subject');
  const subject = (rawSubject !== undefined ? decodeRawHeaderValue(rawSubject, charset) : null) ?? parsed.subject;
  const rawFrom = rawHeader(parsed, 'from');
  const decodedFrom = rawFrom !== undefined ? decodeRawHeaderValue(rawFrom, charset) : null;
  const from = firstAddress(decodedFrom !== null ? parseAddressHeader(decodedFrom) : parsed.from);
  const to = allAddresses(parsed.to);
  return {
    ...(parsed.messageId ? { messageId: parsed.messageId.trim() } : {}),
    inReplyTo: messageIds(parsed.inReplyTo),
    references: messageIds(parsed.references),
    ...(from ? { from: { name: from.name || undefined, address: from.address || undefined } } : {}),
    envelopeFrom: ctx.envelopeFrom ?? envelopeAddress(headers['return-path']?.[0]),
    to: to.length > 0 ? to : (ctx.envelopeTo ?? []),
    ...(subject !== undefined ? { subject } : {}),
    ...(parsed.text !== undefined ? { text: parsed.text } : {}),
    ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
    headers,
    ...(contentType?.value ? { contentType: contentType.value.toLowerCase() } : {}),
    attachments: parsed.attachments.map((a) => ({
      ...(a.filename ? { filename: a.filename } : {}),
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
    })),
  };
}
