import type { FieldError } from '../common/domain-error';

/** A provider's flat fields (form-encoded, multipart or one level of JSON): values are untrusted. */
export type ProviderFields = Readonly<Record<string, unknown>>;

interface StringRule {
  /** Refuses a missing or empty value. */
  required?: boolean;
  pattern?: RegExp;
  /** Completes "<name> must be ..." when the pattern does not match. */
  mustBe?: string;
  max?: number;
}

interface IntegerRule {
  required?: boolean;
  min?: number;
  max?: number;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/**
 * Reads fields of a provider's payload, collecting one clear message per wrong field instead of
 * throwing at the first. Pure: adapters use it to turn a payload into our words or a list of 400s.
 */
export class FieldReader {
  readonly errors: FieldError[] = [];

  constructor(
    private readonly fields: ProviderFields,
    /** Prefix of reported field names, e.g. `fax.` for the members of Phaxio's `fax` object. */
    private readonly prefix = '',
  ) {}

  get ok(): boolean {
    return this.errors.length === 0;
  }

  fail(name: string, message: string): undefined {
    const field = this.prefix + name;
    this.errors.push({ field, message: `${field} ${message}` });
    return undefined;
  }

  /** The raw value, for the few fields that are not plain strings (nested JSON). */
  raw(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
  }

  string(name: string, rule: StringRule = {}): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null || value === '') {
      return rule.required ? this.fail(name, 'is required') : undefined;
    }
    if (typeof value !== 'string') return this.fail(name, 'must be a single text value');
    if (rule.max !== undefined && value.length > rule.max) {
      return this.fail(name, `must be at most ${rule.max} characters`);
    }
    if (rule.pattern && !rule.pattern.test(value)) return this.fail(name, `must be ${rule.mustBe ?? 'well-formed'}`);
    return value;
  }

  /** A whole number given as digits (form fields) or as a JSON number. */
  integer(name: string, rule: IntegerRule = {}): number | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null || value === '') {
      return rule.required ? this.fail(name, 'is required') : undefined;
    }
    const parsed =
      typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? +value : NaN;
    if (!Number.isSafeInteger(parsed)) return this.fail(name, 'must be a whole number');
    if (rule.min !== undefined && parsed < rule.min) return this.fail(name, `must be at least ${rule.min}`);
    if (rule.max !== undefined && parsed > rule.max) return this.fail(name, `must be at most ${rule.max}`);
    return parsed;
  }

  oneOf<T extends string>(name: string, values: readonly T[], rule: { required?: boolean } = {}): T | undefined {
    const value = this.string(name, { required: rule.required });
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) return this.fail(name, `must be one of ${values.join(', ')}`);
    return value as T;
  }

  /** `true`/`false` as text (multipart and form fields) or as a JSON boolean. */
  boolean(name: string, rule: { required?: boolean } = {}): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null || value === '') {
      return rule.required ? this.fail(name, 'is required') : undefined;
    }
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return this.fail(name, 'must be true or false');
  }

  /** An RFC 3339 / ISO 8601 timestamp with a time zone. */
  timestamp(name: string, rule: { required?: boolean } = {}): Date | undefined {
    const value = this.string(name, {
      required: rule.required,
      max: 40,
      pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/,
      mustBe: 'an ISO 8601 timestamp with a time zone',
    });
    if (value === undefined) return undefined;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? this.fail(name, 'must be a real date') : date;
  }
}
