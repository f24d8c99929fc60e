import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { isBoolean, isEmpty, isIn, matches, maxLength, minLength } from 'class-validator';
import type { FieldError } from '../../common/domain-error';
import { createValidationPipe } from '../../common/validation.pipe';
import { isEmailAddress } from '../../common/validators';
import { INQUIRY_TYPES, LANGUAGES } from '../../contacts/contact.types';
import {
  blankToUndefined,
  CATALOG_CODE,
  catalogCode,
  formBoolean,
  InquiryDto,
  MESSAGE_MAX_LENGTH,
  PHONE_TEXT,
  trim,
} from './inquiry.dto';

export type InquiryRead = { ok: true; dto: InquiryDto } | { ok: false; errors: FieldError[] };

/** One rule of a field: null when the value passes, else the message. */
type Rule = (value: unknown) => string | null;

const defined =
  (message: string): Rule =>
  (v) =>
    v === undefined || v === null ? message : null;
const string =
  (field: string): Rule =>
  (v) =>
    typeof v === 'string' ? null : `${field} must be a string`;
const longest =
  (field: string, max: number): Rule =>
  (v) =>
    maxLength(v, max) ? null : `${field} must be shorter than or equal to ${max} characters`;
const shortest =
  (min: number, message: string): Rule =>
  (v) =>
    minLength(v, min) ? null : message;
const pattern =
  (re: RegExp, message: string): Rule =>
  (v) =>
    typeof v === 'string' && matches(v, re) ? null : message;
const oneOf =
  (values: readonly string[], message: string): Rule =>
  (v) =>
    isIn(v, values) ? null : message;

interface Field {
  name: keyof InquiryDto;
  read: (value: unknown) => unknown;
  /** Absent (undefined or null): no rule runs. */
  optional?: boolean;
  rules: Rule[];
}

const same = (value: unknown) => value;
const lift = (transform: (o: { value: unknown }) => unknown) => (value: unknown) => transform({ value });

/**
 * InquiryDto's decorators, in the order class-validator checks them (IsDefined first, then the
 * others from the bottom up): the first rule a value breaks is its field's one error.
 */
const FIELDS: Field[] = [
  {
    name: 'name',
    read: lift(trim),
    rules: [defined('name is required'), longest('name', 200), shortest(1, 'name must not be empty'), string('name')],
  },
  {
    name: 'email',
    read: lift(blankToUndefined),
    rules: [
      defined('email or phone is required'),
      (v) => (isEmailAddress(v) ? null : 'email must be an e-mail address'),
      longest('email', 254),
      string('email'),
    ],
  },
  {
    name: 'phone',
    read: lift(blankToUndefined),
    optional: true,
    rules: [pattern(PHONE_TEXT, 'phone must be a phone number'), longest('phone', 32), string('phone')],
  },
  {
    name: 'company',
    read: lift(blankToUndefined),
    optional: true,
    rules: [longest('company', 200), string('company')],
  },
  {
    name: 'message',
    read: lift(trim),
    rules: [
      defined('message is required'),
      longest('message', MESSAGE_MAX_LENGTH),
      shortest(1, 'message must not be empty'),
      string('message'),
    ],
  },
  {
    name: 'type',
    read: lift(blankToUndefined),
    optional: true,
    rules: [oneOf(INQUIRY_TYPES, `type must be one of ${INQUIRY_TYPES.join(', ')}`)],
  },
  {
    name: 'productLine',
    read: lift(catalogCode),
    optional: true,
    rules: [pattern(CATALOG_CODE, 'productLine must be a catalog code'), string('productLine')],
  },
  {
    name: 'consent',
    read: lift(formBoolean),
    optional: true,
    rules: [(v) => (isBoolean(v) ? null : 'consent must be a boolean')],
  },
  {
    name: 'language',
    read: lift(blankToUndefined),
    optional: true,
    rules: [oneOf(LANGUAGES, `language must be one of ${LANGUAGES.join(', ')}`)],
  },
  { name: 'website', read: same, rules: [(v) => (isEmpty(v) ? null : 'website must be left empty')] },
];

/**
 * Reads the web form's fields from a parsed body (a plain object): the rules of InquiryDto, applied
 * by hand, because this is the busiest public endpoint and class-transformer + class-validator cost
 * more than everything else its request does. Same transforms (trim, blank -> absent, form booleans,
 * lowercased catalog code), same messages, unknown fields dropped, every wrong field listed once.
 */
export function readInquiryBody(body: Readonly<Record<string, unknown>>): InquiryRead {
  const dto: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (Object.prototype.hasOwnProperty.call(body, field.name)) dto[field.name] = field.read(body[field.name]);
  }
  const errors: FieldError[] = [];
  for (const field of FIELDS) {
    const value = dto[field.name];
    if (field.optional && (value === undefined || value === null)) continue;
    // email or phone: the e-mail address is required only without a phone number.
    if (field.name === 'email' && value === undefined && dto.phone !== undefined) continue;
    for (const rule of field.rules) {
      const message = rule(value);
      if (message !== null) {
        errors.push({ field: field.name, message });
        break;
      }
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, dto: dto as unknown as InquiryDto };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * The body of `POST /inquiries`: a parsed JSON object or form is read by `readInquiryBody`; any
 * other body (an array, a scalar, none) goes through the global ValidationPipe on InquiryDto, so
 * it is answered exactly as before. Failures are the same 400 as the pipe's.
 */
@Injectable()
export class InquiryBodyPipe implements PipeTransform<unknown, Promise<InquiryDto>> {
  private readonly fallback = createValidationPipe();

  async transform(value: unknown): Promise<InquiryDto> {
    if (!isPlainObject(value)) {
      return (await this.fallback.transform(value, { type: 'body', metatype: InquiryDto })) as InquiryDto;
    }
    const read = readInquiryBody(value);
    if (read.ok) return read.dto;
    throw new BadRequestException({
      code: 'validation_failed',
      message: read.errors.map((e) => e.message).join('; '),
      errors: read.errors,
    });
  }
}
