import { isEmail, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { isSafeText } from './input-text';

/** Longest address SMTP carries (RFC 5321 path limit). */
const EMAIL_MAX_LENGTH = 254;

/**
 * class-validator's `isEmail`, safe on any value: validator.js runs `decodeURI`-style checks that
 * throw URIError on a lone surrogate, and slows down on huge inputs. Anything that is not a short,
 * well-formed string is simply not an e-mail address.
 */
export function isEmailAddress(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > EMAIL_MAX_LENGTH || !isSafeText(value)) return false;
  try {
    return isEmail(value);
  } catch {
    return false;
  }
}

/** The e-mail validator every DTO uses instead of `@IsEmail()`. */
export const IsEmailAddress = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => isEmailAddress(value),
        defaultMessage: () => '$property must be an e-mail address',
      },
    },
    options,
  );

/**
 * Like `@IsOptional()`, but only an absent field is skipped: `null` is validated (and refused by
 * the field's type check) instead of reaching a NOT NULL column.
 */
export const IsOptionalNotNull = (options?: ValidationOptions): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined, options);
