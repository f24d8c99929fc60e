import type { FieldError } from '../../common/domain-error';
import type { InboundContact, InboundFollowUp } from '../../contacts/contact.types';
import { detectLanguage } from '../../identity/normalize';
import { FieldReader, ProviderFields } from '../provider-fields';
import { parsePhoneParty } from '../telephony/phone-party';

export const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;
const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
/** Twilio sends at most 10 media files with one message. */
export const MAX_MEDIA = 10;
/** Twilio concatenates long messages up to 1,600 characters; some margin for other senders. */
const MAX_BODY = 5000;

export interface MediaRef {
  url: string;
  contentType?: string;
}

export interface InboundSms {
  messageSid: string;
  accountSid: string;
  /** The sender, E.164. */
  from: string;
  to?: string;
  body: string;
  media: MediaRef[];
  messagingServiceSid?: string;
  numSegments?: number;
  fromCountry?: string;
}

export type SmsRead = { ok: true; value: InboundSms } | { ok: false; errors: FieldError[] };

/** Twilio's "a message comes in" webhook, read and validated. Pure. */
export function readInboundSms(params: ProviderFields, ctx: { defaultRegion: string }): SmsRead {
  const reader = new FieldReader(params);
  const messageSid = reader.string('MessageSid', {
    required: true,
    pattern: MESSAGE_SID,
    mustBe: 'a Twilio message SID (SM or MM + 32 hex digits)',
  });
  const accountSid = reader.string('AccountSid', {
    required: true,
    pattern: ACCOUNT_SID,
    mustBe: 'a Twilio account SID (AC + 32 hex digits)',
  });
  const fromText = reader.string('From', { required: true, max: 64 });
  const from = fromText === undefined ? null : parsePhoneParty(fromText, ctx.defaultRegion);
  if (fromText !== undefined && from?.kind !== 'phone') reader.fail('From', 'must be a phone number');
  const to = reader.string('To', { max: 64 });
  const body = reader.string('Body', { max: MAX_BODY }) ?? '';
  const numMedia = reader.integer('NumMedia', { min: 0, max: MAX_MEDIA }) ?? 0;
  const media: MediaRef[] = [];
  for (let i = 0; i < numMedia; i++) {
    const url = reader.string(`MediaUrl${i}`, {
      required: true,
      max: 2000,
      // The fetcher insists on https (plain http only from loopback stand-ins).
      pattern: /^https?:\/\/\S+$/,
      mustBe: 'an http(s) URL',
    });
    const contentType = reader.string(`MediaContentType${i}`, { max: 128 });
    if (url) media.push({ url, contentType });
  }
  const messagingServiceSid = reader.string('MessagingServiceSid', { max: 64 });
  const numSegments = reader.integer('NumSegments', { min: 0, max: 1000 });
  const fromCountry = reader.string('FromCountry', { max: 8 });
  if (!reader.ok || !messageSid || !accountSid || from?.kind !== 'phone') return { ok: false, errors: reader.errors };
  return {
    ok: true,
    value: {
      messageSid,
      accountSid,
      from: from.e164,
      to,
      body,
      media,
      messagingServiceSid,
      numSegments,
      fromCountry,
    },
  };
}

const metadataOf = (sms: InboundSms) => ({
  messageSid: sms.messageSid,
  to: sms.to,
  messagingServiceSid: sms.messagingServiceSid,
  numSegments: sms.numSegments,
  fromCountry: sms.fromCountry,
  // Media files are fetched by a job; their URLs stay here as the record of what was sent.
  media: sms.media.map((m) => ({ url: m.url, contentType: m.contentType ?? null })),
});

/** The first message of a conversation becomes a contact, keyed by its MessageSid. */
export function toInboundSms(sms: InboundSms): InboundContact {
  return {
    medium: 'sms',
    source: 'twilio',
    externalId: sms.messageSid,
    inquiryType: 'question',
    from: { phone: sms.from },
    body: sms.body,
    language: detectLanguage(sms.body),
    metadata: metadataOf(sms),
  };
}

/** A later message of the same conversation joins its contact. */
export function toSmsFollowUp(sms: InboundSms): InboundFollowUp {
  return {
    medium: 'sms',
    source: 'twilio',
    externalId: sms.messageSid,
    fromAddress: sms.from,
    body: sms.body,
    metadata: metadataOf(sms),
  };
}
