import { FieldReader, isRecord } from '../provider-fields';
import { parsePhoneParty } from '../telephony/phone-party';
import { FAX_DOCUMENT_TYPES, FaxDocumentType, sniffFaxDocument } from './fax-document';
import type { FaxRead, ReceivedFax } from './phaxio.adapter';

const FAX_ID = /^[\x21-\x7e]{1,128}$/;
/** Standard base64 (padding optional), as one string without line breaks. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function requiredPhone(reader: FieldReader, name: string, defaultRegion: string): string | undefined {
  const text = reader.string(name, { required: true, max: 64 });
  if (text === undefined) return undefined;
  const party = parsePhoneParty(text, defaultRegion);
  if (party?.kind !== 'phone') return reader.fail(name, 'must be a phone number');
  return party.e164;
}

/**
 * The documented generic fax format (docs/telephony-and-fax.md), without its document:
 * `{ faxId, from, to, pages?, receivedAt? }`. Pure.
 */
export function readGenericFax(body: unknown, ctx: { defaultRegion: string }): FaxRead<ReceivedFax> {
  if (!isRecord(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'body must be a JSON object' }] };
  }
  const reader = new FieldReader(body);
  const rawId = reader.raw('faxId');
  const faxId =
    typeof rawId === 'number'
      ? reader.integer('faxId', { min: 0 })?.toString()
      : reader.string('faxId', { required: true, pattern: FAX_ID, mustBe: '1-128 visible ASCII characters' });
  const from = requiredPhone(reader, 'from', ctx.defaultRegion);
  const to = requiredPhone(reader, 'to', ctx.defaultRegion);
  const pages = reader.integer('pages', { min: 1, max: 100_000 });
  const receivedAt = reader.timestamp('receivedAt');
  if (!reader.ok || !faxId || !from || !to) return { ok: false, errors: reader.errors };
  return { ok: true, value: { faxId, from, to, pages, receivedAt } };
}

export interface FaxDocument {
  contentType: FaxDocumentType;
  bytes: Buffer;
}

/** The JSON form's `document: { contentType, base64 }`, checked against the bytes' real type. */
export function readJsonDocument(body: unknown): FaxRead<FaxDocument> {
  const document = isRecord(body) ? body.document : undefined;
  if (!isRecord(document)) {
    return {
      ok: false,
      errors: [{ field: 'document', message: 'document must be an object with contentType and base64' }],
    };
  }
  const reader = new FieldReader(document, 'document.');
  const contentType = reader.oneOf('contentType', FAX_DOCUMENT_TYPES, { required: true });
  const base64 = reader.string('base64', { required: true, pattern: BASE64, mustBe: 'base64 without line breaks' });
  if (!reader.ok || !contentType || !base64) return { ok: false, errors: reader.errors };
  return checkDocument(Buffer.from(base64, 'base64'), contentType, 'document.base64');
}

/** A document's bytes must be what they claim (when they claim) and a PDF or a TIFF in any case. */
export function checkDocument(bytes: Buffer, declared: string | undefined, field: string): FaxRead<FaxDocument> {
  const actual = sniffFaxDocument(bytes);
  if (!actual) {
    return { ok: false, errors: [{ field, message: `${field} must be a PDF or a TIFF document` }] };
  }
  if (declared && (FAX_DOCUMENT_TYPES as readonly string[]).includes(declared) && declared !== actual) {
    return { ok: false, errors: [{ field, message: `${field} is a ${actual} document, not ${declared}` }] };
  }
  return { ok: true, value: { contentType: actual, bytes } };
}
