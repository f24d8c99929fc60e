import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';
import type { JsonObject } from '../../common/json';
import type { InboundContact, InboundFollowUp, InquiryType } from '../../contacts/contact.types';
import { detectLanguage, normalizeEmail } from '../../identity/normalize';
import { automatedVerdict, AutomatedVerdict } from './automated-mail';
import type { EmailAttachmentDraft, EmailMessage, EmailSource } from './email-message';

/** Longest body kept, in characters; longer mail (usually quoted history) is cut, with a note. */
export const EMAIL_BODY_MAX_CHARS = 100_000;
const MAX_SUBJECT = 500;
const MAX_NAME = 200;
const MAX_EXTERNAL_ID = 255;
const ADDRESS = /^[^@\s<>]+@[^@\s<>]+$/;

export interface EmailContext {
  source: EmailSource;
  /** A stable fingerprint of the delivery (e.g. the SHA-256 of the raw message), used when there is no Message-ID. */
  fingerprint?: string;
}

export type EmailMapping =
  | { kind: 'ignored'; verdict: AutomatedVerdict }
  | { kind: 'refused'; field: string; message: string }
  | {
      kind: 'message';
      contact: Omit<InboundContact, 'attachments'>;
      followUp: Omit<InboundFollowUp, 'attachments'>;
      /** Message-IDs this mail answers, most specific first: In-Reply-To, then References newest first. */
      threadIds: string[];
      attachments: EmailAttachmentDraft[];
    };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const cut = (text: string, max: number) => ([...text].length > max ? [...text].slice(0, max).join('') : text);

/** One line: no control characters, runs of white space as one space. */
const oneLine = (text: string | undefined) =>
  (text ?? '')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const QUOTE = /見積|报价|報價|询价|詢價|估价|\bquot(?:e|es|ation|ations)\b|\bRFQ\b|\bpricing\b/iu;
const SEMINAR = /セミナー|研讨会|研討會|講演|webinar|seminar/iu;
const DEMO = /デモ|演示|試用|试用|\bdemo\b|\btrial\b/iu;

/** The inquiry type an e-mail's subject suggests; a plain question unless it says otherwise. */
export function inquiryTypeOf(subject: string): InquiryType {
  if (QUOTE.test(subject)) return 'quote';
  if (SEMINAR.test(subject)) return 'seminar';
  if (DEMO.test(subject)) return 'demo';
  return 'question';
}

/** HTML as readable text, for mail that has no plain-text part. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    limits: { maxDepth: 200, maxInputLength: 2_000_000 },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
}

/** The body text: the plain-text part, else the HTML converted, line ends normalized, size-capped. */
export function bodyText(message: Pick<EmailMessage, 'text' | 'html'>): string {
  const raw = message.text?.trim() ? message.text : message.html ? htmlToText(message.html) : '';
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text.length <= EMAIL_BODY_MAX_CHARS) return text;
  return `${text.slice(0, EMAIL_BODY_MAX_CHARS)}\n[... message truncated]`;
}

/** A file name safe to store and offer for download: no path, no control characters, never empty. */
export function safeFilename(name: string | undefined, index: number): string {
  const base = oneLine(name).split(/[/\\]/).pop()!.replace(/^\.+/, '').trim();
  return base ? cut(base, 255) : `attachment-${index + 1}`;
}

/** Our key for a mail: its Message-ID, else a fingerprint, so a redelivery is recognized either way. */
export function emailExternalId(message: EmailMessage, fingerprint: string | undefined): string {
  const id = message.messageId?.trim();
  if (id && id.length <= MAX_EXTERNAL_ID && /^<[^<>\s]+>$/.test(id)) return id;
  if (id) return `sha256:${sha256(id)}`;
  return `sha256:${fingerprint ?? sha256(JSON.stringify([message.from, message.subject, message.text, message.html]))}`;
}

const validAddress = (address: string | undefined): string | undefined => {
  const normalized = address ? normalizeEmail(address) : undefined;
  return normalized && normalized.length <= 254 && ADDRESS.test(normalized) ? normalized : undefined;
};

/**
 * Maps an e-mail to the one contact shape: a new contact, or a follow-up message when it answers a
 * mail we know (the caller looks up `threadIds`). Machine-written mail is ignored, and mail without
 * any sender address is refused. Pure.
 */
export function mapEmail(message: EmailMessage, ctx: EmailContext): EmailMapping {
  const verdict = automatedVerdict(message);
  if (verdict) return { kind: 'ignored', verdict };

  // RFC 5322 requires a From field; without one it is not a mail a person wrote (nor one we can answer).
  if (!message.from) return { kind: 'refused', field: 'from', message: 'the message has no From field' };
  const email = validAddress(message.from.address) ?? validAddress(message.envelopeFrom);
  if (!email) return { kind: 'refused', field: 'from', message: 'the message has no valid sender address' };

  const name = cut(oneLine(message.from.name), MAX_NAME) || undefined;
  const subject = cut(oneLine(message.subject), MAX_SUBJECT) || undefined;
  const body = bodyText(message);
  const externalId = emailExternalId(message, ctx.fingerprint);
  const threadIds = [...new Set([...message.inReplyTo, ...[...message.references].reverse()])];
  const metadata: JsonObject = {
    ...(message.messageId ? { messageId: cut(message.messageId, MAX_EXTERNAL_ID) } : {}),
    to: message.to.slice(0, 20),
    ...(message.inReplyTo.length ? { inReplyTo: message.inReplyTo.slice(0, 5) } : {}),
    ...(message.references.length ? { references: message.references.length } : {}),
    ...(message.provider ? { provider: message.provider } : {}),
  };
  return {
    kind: 'message',
    contact: {
      medium: 'email',
      source: ctx.source,
      externalId,
      inquiryType: inquiryTypeOf(subject ?? ''),
      from: { name, email },
      subject,
      body,
      language: detectLanguage(subject, body, name),
      metadata,
    },
    followUp: { medium: 'email', source: ctx.source, externalId, fromAddress: email, subject, body, metadata },
    threadIds,
    attachments: message.attachments.map((a, i) => ({ ...a, filename: safeFilename(a.filename, i) })),
  };
}
