import type { FieldError } from '../../common/domain-error';
import type { InboundAttachment, InboundContact, Language } from '../../contacts/contact.types';
import type { JsonObject } from '../../common/json';
import { FieldReader, isRecord, ProviderFields } from '../provider-fields';
import { parsePhoneParty } from '../telephony/phone-party';

export type FaxRead<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** A received fax, in our words, whichever gateway delivered it. */
export interface ReceivedFax {
  /** The gateway's id of the fax: the contact's external id. */
  faxId: string;
  /** The sender, E.164; undefined when the caller id was withheld. */
  from?: string;
  /** Our number that received it, E.164. */
  to?: string;
  pages?: number;
  receivedAt?: Date;
  callerName?: string;
  isTest?: boolean;
  tags?: JsonObject;
}

export interface PhaxioCallback {
  /** False when Phaxio could not receive the fax (then no document comes). */
  success: boolean;
  direction: 'received' | 'sent';
  eventType?: string;
  fax: ReceivedFax;
}

const FAX_ID = /^[\x21-\x7e]{1,128}$/;

/** A phone field that may be empty or withheld; a value that is no number at all is an error. */
function phoneField(reader: FieldReader, name: string, defaultRegion: string): string | undefined {
  const text = reader.string(name, { max: 64 });
  if (text === undefined) return undefined;
  const party = parsePhoneParty(text, defaultRegion);
  if (!party || party.kind === 'client') return reader.fail(name, 'must be a phone number');
  return party.kind === 'phone' ? party.e164 : undefined;
}

/**
 * Phaxio's receive callback (v2 and v2.1): the multipart text fields, with the fax object as a
 * JSON string in `fax`. Pure: the document itself is checked by the caller.
 */
export function readPhaxioCallback(fields: ProviderFields, ctx: { defaultRegion: string }): FaxRead<PhaxioCallback> {
  const reader = new FieldReader(fields);
  const faxText = reader.string('fax', { required: true, max: 100_000 });
  let faxObject: Record<string, unknown> = {};
  if (faxText !== undefined) {
    try {
      const parsed: unknown = JSON.parse(faxText);
      if (isRecord(parsed)) faxObject = parsed;
      else reader.fail('fax', 'must be a JSON object');
    } catch {
      reader.fail('fax', 'must be a JSON object');
    }
  }
  const fax = new FieldReader(faxObject, 'fax.');
  const rawId = fax.raw('id');
  const faxId =
    typeof rawId === 'number'
      ? fax.integer('id', { min: 0 })?.toString()
      : fax.string('id', { pattern: FAX_ID, mustBe: 'a fax id' });
  if (faxText !== undefined && reader.ok && rawId === undefined) fax.fail('id', 'is required');
  const faxDirection = fax.oneOf('direction', ['received', 'sent'] as const);
  const direction = reader.oneOf('direction', ['received', 'sent'] as const) ?? faxDirection;
  if (faxText !== undefined && reader.ok && direction === undefined) fax.fail('direction', 'is required');
  const success = reader.boolean('success');
  const isTest = reader.boolean('is_test') ?? fax.boolean('is_test');
  const eventType = reader.string('event_type', { max: 64 });
  const status = fax.string('status', { max: 32 });
  const pages = fax.integer('num_pages', { min: 0, max: 100_000 });
  const from = phoneField(fax, 'from_number', ctx.defaultRegion);
  const to = phoneField(fax, 'to_number', ctx.defaultRegion);
  const callerName = fax.string('caller_name', { max: 200 });
  const receivedAt = fax.timestamp('completed_at') ?? fax.timestamp('created_at');
  const tags = fax.raw('tags');
  const errors = [...reader.errors, ...fax.errors];
  if (errors.length > 0 || !faxId || !direction) return { ok: false, errors };
  return {
    ok: true,
    value: {
      success: success ?? (status === undefined || status === 'success'),
      direction,
      eventType,
      fax: {
        faxId,
        from,
        to,
        pages,
        receivedAt,
        callerName: callerName?.trim() || undefined,
        isTest,
        tags: isRecord(tags) ? (tags as JsonObject) : undefined,
      },
    },
  };
}

/** A received fax as a contact: the document is its attachment, the sender's number its identity. */
export function toInboundFax(
  source: string,
  fax: ReceivedFax,
  document: InboundAttachment,
  language: Language,
): InboundContact {
  const pages = fax.pages === undefined ? '' : ` of ${fax.pages} page${fax.pages === 1 ? '' : 's'}`;
  return {
    medium: 'fax',
    source,
    externalId: fax.faxId,
    inquiryType: 'question',
    from: { phone: fax.from, name: fax.callerName },
    body: `Fax${pages} from ${fax.from ?? 'a withheld number'}${fax.to ? ` to ${fax.to}` : ''}`,
    language,
    attachments: [document],
    metadata: {
      faxId: fax.faxId,
      to: fax.to,
      pages: fax.pages,
      receivedAt: fax.receivedAt?.toISOString(),
      callerName: fax.callerName,
      isTest: fax.isTest,
      tags: fax.tags,
    },
  };
}
