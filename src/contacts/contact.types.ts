import type { JsonObject } from '../common/json';
import { ATTACHMENT_KINDS, CONTACT_STATUSES, LANGUAGES, MEDIA, SALES_CHANNELS } from '../common/protocol.mjs';
/**
 * The one contact shape every medium is normalized to. Plain types, no framework: channels,
 * routing and the pure routing core all speak this vocabulary. The lists the web console shows
 * too (media, channels, statuses, languages, attachment kinds) live in src/common/protocol.mjs.
 */
export { ATTACHMENT_KINDS, CONTACT_STATUSES, LANGUAGES, MEDIA, SALES_CHANNELS };
export type Medium = (typeof MEDIA)[number];

/** The three non-face-to-face channels of the article. */
export type SalesChannel = (typeof SALES_CHANNELS)[number];

/**
 * received: stored, not yet processed; queued: identified and classified, waiting for an
 * inside-sales agent; offered/assigned: routing; qualified: turned into a lead; closed.
 */
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const INQUIRY_TYPES = ['question', 'quote', 'seminar', 'demo', 'purchase'] as const;
export type InquiryType = (typeof INQUIRY_TYPES)[number];

export type Language = (typeof LANGUAGES)[number];

export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** A file already written to blob storage by the adapter, to be linked to the contact by intake. */
export interface InboundAttachment {
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  blob: { key: string; size: number; sha256: string };
}

/** What an adapter hands to intake: the provider payload mapped to our words, not yet stored. */
export interface InboundContact {
  medium: Medium;
  /** Who delivered it: `web`, `twilio`, `sendgrid`, `mailgun`, `smtp`, `phaxio`, ... */
  source: string;
  /** The provider's own identifier (or the client's Idempotency-Key): unique per source. */
  externalId?: string;
  /** Fingerprint of the request, to tell a retry from a different request reusing a key. */
  requestHash?: string;
  inquiryType: InquiryType;
  from: { name?: string; email?: string; phone?: string; company?: string };
  subject?: string;
  body: string;
  productLine?: string;
  language: Language;
  consent?: boolean;
  attachments?: InboundAttachment[];
  /** Provider facts kept for audit; never secrets. */
  metadata?: JsonObject;
}

/** A later inbound message joining an existing contact (a reply, the next SMS of a conversation). */
export interface InboundFollowUp {
  medium: Medium;
  source: string;
  externalId?: string;
  fromAddress?: string;
  subject?: string;
  body: string;
  attachments?: InboundAttachment[];
  metadata?: JsonObject;
}
