import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseAddressHeader, type ParsedMail } from 'mailparser';
import type { JsonObject } from '../../common/json';
import { EmailMessage, envelopeAddress, fromParsedMail } from './email-message';
import { decodeFileName, type WebhookForm } from './webhook-form';

export type MailgunSignatureCheck = 'ok' | 'missing' | 'bad_signature' | 'stale';

export interface MailgunSignature {
  timestamp?: string;
  token?: string;
  signature?: string;
}

/**
 * Mailgun signs each post: signature = hex(HMAC-SHA256(signing key, timestamp + token)). Compared
 * in constant time; a timestamp further than `maxAgeSeconds` from now (either way) is stale. Pure.
 */
export function checkMailgunSignature(
  key: string,
  sig: MailgunSignature,
  nowSeconds: number,
  maxAgeSeconds: number,
): MailgunSignatureCheck {
  const { timestamp, token, signature } = sig;
  if (!timestamp || !token || !signature) return 'missing';
  if (!/^\d{1,12}$/.test(timestamp) || token.length > 200 || !/^[0-9a-f]{64}$/i.test(signature)) {
    return 'bad_signature';
  }
  const expected = createHmac('sha256', key)
    .update(timestamp + token)
    .digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'bad_signature';
  if (Math.abs(nowSeconds - Number(timestamp)) > maxAgeSeconds) return 'stale';
  return 'ok';
}

/** Raw-MIME routes (a URL ending in `mime`) post the message in `body-mime`. */
export const isMailgunRawMode = (form: WebhookForm): boolean => form.has('body-mime');

/** Header fields Mailgun also posts one by one, used when `message-headers` is missing. */
const HEADER_FIELDS = [
  'Message-Id',
  'In-Reply-To',
  'References',
  'From',
  'To',
  'Subject',
  'Date',
  'Content-Type',
  'Return-Path',
  'Auto-Submitted',
  'Precedence',
  'List-Id',
  'List-Unsubscribe',
  'X-Autoreply',
  'X-Autorespond',
  'X-Auto-Response-Suppress',
  'X-Mailgun-Sflag',
  'X-Spam-Flag',
];

const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ');

/**
 * The message's header block, rebuilt from `message-headers` (a JSON list of [name, value] pairs)
 * so the same MIME parser reads Message-ID, threading and auto-reply headers for every provider.
 */
export function mailgunHeaderBlock(form: WebhookForm): string {
  let pairs: [string, string][] = [];
  try {
    const parsed = JSON.parse(form.text('message-headers') ?? '') as unknown;
    if (Array.isArray(parsed)) {
      pairs = parsed.filter(
        (p): p is [string, string] =>
          Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string' && /^[!-9;-~]+$/.test(p[0]),
      );
    }
  } catch {
    pairs = [];
  }
  if (pairs.length === 0) {
    pairs = HEADER_FIELDS.flatMap((name) => form.texts(name).map((value): [string, string] => [name, value]));
  }
  return pairs.map(([name, value]) => `${name}: ${oneLine(value)}`).join('\r\n');
}

function providerFacts(form: WebhookForm, mode: 'parsed' | 'raw'): { spam: boolean; facts: JsonObject } {
  const flag = form.text('X-Mailgun-Sflag');
  const score = Number(form.text('X-Mailgun-Sscore'));
  return {
    spam: /^yes\b/i.test(flag ?? ''),
    facts: {
      name: 'mailgun',
      mode,
      ...(Number.isFinite(score) && form.has('X-Mailgun-Sscore') ? { spamScore: score } : {}),
      ...(form.has('X-Mailgun-Spf') ? { spf: form.text('X-Mailgun-Spf')!.slice(0, 40) } : {}),
    },
  };
}

/** A parsed-mode route post as an e-mail; `headerMail` is `mailgunHeaderBlock` parsed. Pure. */
export function mailgunParsedToEmail(form: WebhookForm, headerMail: ParsedMail): EmailMessage {
  const base = fromParsedMail(headerMail);
  const fromField = form.text('from');
  const from = fromField ? parseAddressHeader(fromField).value[0] : undefined;
  const recipients = (form.text('recipient') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const sender = form.text('sender');
  const subject = form.text('subject');
  const text = form.text('body-plain');
  const html = form.text('body-html');
  const { spam, facts } = providerFacts(form, 'parsed');
  return {
    ...base,
    ...(from ? { from: { name: from.name || undefined, address: from.address || undefined } } : {}),
    ...(sender !== undefined ? { envelopeFrom: envelopeAddress(sender) } : {}),
    to: recipients.length > 0 ? recipients : base.to,
    ...(subject !== undefined ? { subject } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(html !== undefined ? { html } : {}),
    attachments: form.files
      .filter((f) => /^attachment-\d+$/.test(f.field))
      .sort((a, b) => Number(a.field.slice(11)) - Number(b.field.slice(11)))
      .map((f) => ({
        ...(f.filename ? { filename: decodeFileName(f.filename) } : {}),
        contentType: f.contentType,
        content: f.content,
      })),
    providerSpam: spam,
    provider: facts,
  };
}

/** A raw-MIME route post: the parsed `body-mime` plus Mailgun's envelope and spam verdict. Pure. */
export function mailgunRawToEmail(form: WebhookForm, mail: ParsedMail, charsetHint?: string): EmailMessage {
  const sender = form.text('sender');
  const recipients = (form.text('recipient') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const { spam, facts } = providerFacts(form, 'raw');
  return {
    ...fromParsedMail(mail, {
      ...(sender !== undefined ? { envelopeFrom: envelopeAddress(sender) } : {}),
      envelopeTo: recipients,
      ...(charsetHint ? { charsetHint } : {}),
    }),
    providerSpam: spam,
    provider: facts,
  };
}
