import { createHash } from 'node:crypto';
import type { FieldError } from '../../common/domain-error';
import type { InboundContact } from '../../contacts/contact.types';
import { detectLanguage, normalizeEmail, normalizePhone } from '../../identity/normalize';
import type { InquiryDto } from './inquiry.dto';

export interface WebFormContext {
  idempotencyKey?: string;
  defaultPhoneRegion: string;
  clientAddress?: string;
  userAgent?: string;
}

export type WebFormMapping = { ok: true; inbound: InboundContact } | { ok: false; errors: FieldError[] };

/** Maps a validated web-form inquiry to the one contact shape. Pure. */
export function mapInquiry(dto: InquiryDto, ctx: WebFormContext): WebFormMapping {
  const phone = dto.phone === undefined ? undefined : normalizePhone(dto.phone, ctx.defaultPhoneRegion);
  if (phone === null) {
    return { ok: false, errors: [{ field: 'phone', message: 'phone is not a valid phone number' }] };
  }
  const email = dto.email === undefined ? undefined : normalizeEmail(dto.email);
  const inquiryType = dto.type ?? 'question';
  const fields = {
    name: dto.name,
    email,
    phone,
    company: dto.company,
    message: dto.message,
    type: inquiryType,
    productLine: dto.productLine,
    consent: dto.consent,
  };
  return {
    ok: true,
    inbound: {
      medium: 'web',
      source: 'web',
      ...(ctx.idempotencyKey
        ? {
            externalId: ctx.idempotencyKey,
            requestHash: createHash('sha256').update(JSON.stringify(fields)).digest('hex'),
          }
        : {}),
      inquiryType,
      from: { name: dto.name, email, phone, company: dto.company },
      body: dto.message,
      productLine: dto.productLine,
      language: dto.language ?? detectLanguage(dto.message, dto.name, dto.company),
      consent: dto.consent,
      metadata: { clientAddress: ctx.clientAddress, userAgent: ctx.userAgent?.slice(0, 300) },
    },
  };
}
