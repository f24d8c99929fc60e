import { parseAddressHeader, type ParsedMail } from 'mailparser';
import type { JsonObject } from '../../common/json';
import { EmailAttachmentDraft, EmailMessage, fromParsedMail } from './email-message';
import { decodeFileName, type WebhookForm } from './webhook-form';

/** SpamAssassin's usual threshold, when the report does not name one. */
const DEFAULT_SPAM_THRESHOLD = 5;

/** Raw mode posts the whole MIME message in `email`; parsed mode posts its parts as fields. */
export const isSendGridRawMode = (form: WebhookForm): boolean => form.has('email');

const parseJson = (text: string | undefined): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `charsets`: which charset each text field was sent in, e.g. `{"text":"iso-2022-jp"}`. */
export function sendGridCharsets(form: WebhookForm): Record<string, string> {
  const parsed = parseJson(form.text('charsets'));
  if (!isRecord(parsed)) return {};
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A text field decoded from the charset `charsets` names for it. */
export function sendGridField(form: WebhookForm, name: string, charsets: Record<string, string>): string | undefined {
  return form.text(name, charsets[name] ?? 'utf-8');
}

/** The envelope: `{"to":["..."],"from":"..."}`; its empty `from` is the null sender of a bounce. */
function envelope(form: WebhookForm): { from?: string; to: string[] } {
  const parsed = parseJson(form.text('envelope'));
  if (!isRecord(parsed)) return { to: [] };
  const to = Array.isArray(parsed.to) ? parsed.to.filter((t): t is string => typeof t === 'string') : [];
  return { ...(typeof parsed.from === 'string' ? { from: parsed.from } : {}), to };
}

/** SendGrid's spam verdict: its score against the threshold its own report names. */
function spamFacts(form: WebhookForm): { spam: boolean; facts: JsonObject } {
  const score = Number(form.text('spam_score'));
  const required = /\(\s*-?[\d.]+\s+points?,\s*([\d.]+)\s+required\s*\)/i.exec(form.text('spam_report') ?? '');
  const threshold = required ? Number(required[1]) : DEFAULT_SPAM_THRESHOLD;
  const known = Number.isFinite(score) && form.has('spam_score');
  return {
    spam: known && score >= threshold,
    facts: {
      ...(known ? { spamScore: score } : {}),
      ...(form.has('SPF') ? { spf: form.text('SPF')!.slice(0, 40) } : {}),
      ...(form.has('dkim') ? { dkim: form.text('dkim')!.slice(0, 200) } : {}),
    },
  };
}

/** `attachment1..N` files, named and typed by `attachment-info`, in their numbered order. */
function attachments(form: WebhookForm): EmailAttachmentDraft[] {
  const info = parseJson(form.text('attachment-info'));
  const infoOf = (field: string): Record<string, unknown> =>
    isRecord(info) && isRecord(info[field]) ? info[field] : {};
  return form.files
    .filter((f) => /^attachment\d+$/.test(f.field))
    .sort((a, b) => Number(a.field.slice(10)) - Number(b.field.slice(10)))
    .map((f) => {
      const meta = infoOf(f.field);
      const named = [meta.filename, meta.name, f.filename].find((n): n is string => typeof n === 'string' && n !== '');
      const type = typeof meta.type === 'string' && meta.type ? meta.type : f.contentType;
      return { ...(named ? { filename: decodeFileName(named) } : {}), contentType: type, content: f.content };
    });
}

/**
 * A SendGrid Inbound Parse post in parsed mode as an e-mail. `headerMail` is the `headers` field
 * parsed (for Message-ID, threading and the auto-generated-mail headers). Pure.
 */
export function sendGridParsedToEmail(form: WebhookForm, headerMail: ParsedMail): EmailMessage {
  const charsets = sendGridCharsets(form);
  const base = fromParsedMail(headerMail);
  const env = envelope(form);
  const fromField = sendGridField(form, 'from', charsets);
  const from = fromField ? parseAddressHeader(fromField).value[0] : undefined;
  const toField = sendGridField(form, 'to', charsets);
  const to = toField ? parseAddressHeader(toField, { flatten: true }).value.map((a) => a.address ?? '') : [];
  const { spam, facts } = spamFacts(form);
  const subject = sendGridField(form, 'subject', charsets);
  const text = sendGridField(form, 'text', charsets);
  const html = sendGridField(form, 'html', charsets);
  return {
    ...base,
    ...(from ? { from: { name: from.name || undefined, address: from.address || undefined } } : {}),
    envelopeFrom: env.from ?? base.envelopeFrom,
    to: to.filter(Boolean).length > 0 ? to.filter(Boolean) : env.to.length > 0 ? env.to : base.to,
    ...(subject !== undefined ? { subject } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(html !== undefined ? { html } : {}),
    attachments: attachments(form),
    providerSpam: spam,
    provider: { name: 'sendgrid', mode: 'parsed', ...facts },
  };
}

/** A raw-mode post: the parsed `email` field plus SendGrid's envelope and spam verdict. Pure. */
export function sendGridRawToEmail(form: WebhookForm, mail: ParsedMail, charsetHint?: string): EmailMessage {
  const env = envelope(form);
  const { spam, facts } = spamFacts(form);
  return {
    ...fromParsedMail(mail, {
      ...(env.from !== undefined ? { envelopeFrom: env.from } : {}),
      envelopeTo: env.to,
      ...(charsetHint ? { charsetHint } : {}),
    }),
    providerSpam: spam,
    provider: { name: 'sendgrid', mode: 'raw', ...facts },
  };
}
