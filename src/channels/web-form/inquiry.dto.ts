import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmpty,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsEmailAddress } from '../../common/validators';
import { INQUIRY_TYPES, InquiryType, LANGUAGES, Language } from '../../contacts/contact.types';

export const MESSAGE_MAX_LENGTH = 5000;

/** Trims strings; an empty optional field (as HTML forms send it) counts as absent. */
export const blankToUndefined = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Form posts carry booleans as text; JSON must send a real boolean. */
export const formBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', 'on', '1', 'yes'].includes(v)) return true;
  if (['false', 'off', '0', 'no', ''].includes(v)) return false;
  return value;
};

/** A catalog code is compared lowercased. */
export const catalogCode = ({ value }: { value: unknown }) => {
  const v = blankToUndefined({ value });
  return typeof v === 'string' ? v.toLowerCase() : v;
};

export const PHONE_TEXT = /^\+?[0-9()\-.\s]{4,32}$/;
export const CATALOG_CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * `POST /inquiries`, the public web form (CONTRACT.md). The decorators document the rules (and
 * the API docs); requests are read by `readInquiryBody` (inquiry-body.ts), which applies the same
 * rules by hand and is checked against these decorators by its spec.
 */
export class InquiryDto {
  @ApiProperty({ example: '山田 太郎', maxLength: 200 })
  @Transform(trim)
  @IsDefined({ message: 'name is required' })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'taro@example.co.jp', description: 'email and/or phone: at least one' })
  @Transform(blankToUndefined)
  @ValidateIf((o: InquiryDto) => o.email !== undefined || o.phone === undefined)
  @IsDefined({ message: 'email or phone is required' })
  @IsString()
  @MaxLength(254)
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ example: '+81 3-1234-5678', description: 'any common notation; stored in E.164' })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(PHONE_TEXT, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: '株式会社サンプル', maxLength: 200 })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  company?: string;

  @ApiProperty({ maxLength: MESSAGE_MAX_LENGTH })
  @Transform(trim)
  @IsDefined({ message: 'message is required' })
  @IsString()
  @MinLength(1, { message: 'message must not be empty' })
  @MaxLength(MESSAGE_MAX_LENGTH)
  message!: string;

  @ApiPropertyOptional({ enum: INQUIRY_TYPES, default: 'question' })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsIn(INQUIRY_TYPES, { message: `type must be one of ${INQUIRY_TYPES.join(', ')}` })
  type?: InquiryType;

  @ApiPropertyOptional({ example: 'server', description: 'catalog code' })
  @Transform(catalogCode)
  @IsOptional()
  @IsString()
  @Matches(CATALOG_CODE, { message: 'productLine must be a catalog code' })
  productLine?: string;

  @ApiPropertyOptional()
  @Transform(formBoolean)
  @IsOptional()
  @IsBoolean({ message: 'consent must be a boolean' })
  consent?: boolean;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: 'extension: reply language; detected from the text when absent',
  })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({ description: 'honeypot: humans leave it empty' })
  @IsEmpty({ message: 'website must be left empty' })
  website?: unknown;
}

export class InquiryAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'received' }) status!: string;
}
