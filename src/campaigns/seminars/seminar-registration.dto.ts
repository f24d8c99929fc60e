import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsEmailAddress } from '../../common/validators';
import { LANGUAGES, Language } from '../../contacts/contact.types';

const blankToUndefined = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/**
 * `POST /seminars/:id/registrations`: with the invitation link's signed token (`token`, the
 * link's `t`), or with name and e-mail for somebody who was not invited personally.
 */
export class SeminarRegistrationDto {
  @ApiPropertyOptional({ description: 'the `t` of the invitation link: names the invited target' })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[0-9A-Za-z._-]+$/, { message: 'token must be the t of an invitation link' })
  token?: string;

  @ApiPropertyOptional({ example: '山田 太郎', description: 'required without token' })
  @Transform(blankToUndefined)
  @ValidateIf((o: SeminarRegistrationDto) => o.token === undefined || o.name !== undefined)
  @IsDefined({ message: 'name is required without token' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'taro@example.co.jp', description: 'required without token' })
  @Transform(blankToUndefined)
  @ValidateIf((o: SeminarRegistrationDto) => o.token === undefined || o.email !== undefined)
  @IsDefined({ message: 'email is required without token' })
  @IsString()
  @MaxLength(254)
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  company?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: "the confirmation's language; the invitation's by default" })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;
}

export class RegistrationPageQuery {
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  t?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsIn(LANGUAGES, { message: `lang must be one of ${LANGUAGES.join(', ')}` })
  lang?: Language;
}

export class ListRegistrationsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class SeminarRegistrationView {
  @ApiProperty() id!: string;
  @ApiProperty() seminarId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) personId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) campaignTargetId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the Demand Generation contact it made' })
  contactId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) name!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: LANGUAGES }) language!: string;
  @ApiProperty({ enum: ['invitation', 'agent'] }) source!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'false when this person was already registered (the first registration is answered)' })
  created!: boolean;
}

export class SeminarRegistrationsView {
  @ApiProperty() seminarId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() registered!: number;
  @ApiProperty({ type: [SeminarRegistrationView] }) registrations!: Omit<SeminarRegistrationView, 'created'>[];
}
