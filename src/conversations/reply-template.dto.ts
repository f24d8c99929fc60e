import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { LANGUAGES, type Language } from '../contacts/contact.types';
import { REPLY_BODY_MAX_LENGTH, REPLY_MEDIA, type ReplyMediumName } from './conversation.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ReplyTemplateView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: LANGUAGES }) language!: Language;
  @ApiProperty({ enum: REPLY_MEDIA }) medium!: ReplyMediumName;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty() body!: string;
}

export class ReplyTemplateList {
  @ApiProperty({ type: [ReplyTemplateView] }) items!: ReplyTemplateView[];
}

export class ListReplyTemplatesQuery {
  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({ enum: REPLY_MEDIA })
  @IsOptional()
  @IsIn(REPLY_MEDIA, { message: `medium must be one of ${REPLY_MEDIA.join(', ')}` })
  medium?: ReplyMediumName;
}

/** `POST /reply-templates`, and the whole template for `PATCH` (fields left out keep their value). */
export class ReplyTemplateDto {
  @ApiProperty({ maxLength: 120 })
  @Transform(trim)
  @IsDefined({ message: 'name is required' })
  @IsString({ message: 'name must be text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  name!: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsDefined({ message: 'language is required' })
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language!: Language;

  @ApiProperty({ enum: REPLY_MEDIA })
  @IsDefined({ message: 'medium is required' })
  @IsIn(REPLY_MEDIA, { message: `medium must be one of ${REPLY_MEDIA.join(', ')}` })
  medium!: ReplyMediumName;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 })
  @IsOptional()
  @IsString({ message: 'subject must be text' })
  @MaxLength(300, { message: 'subject must be at most 300 characters' })
  @Matches(/^[^\r\n\u2028\u2029\u0085\v\f]*$/, { message: 'subject must be a single line' })
  subject?: string | null;

  @ApiProperty({ description: 'placeholders: {{contact.name}}, {{agent.name}}, {{customer.name}}, ...' })
  @IsDefined({ message: 'body is required' })
  @IsString({ message: 'body must be text' })
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(REPLY_BODY_MAX_LENGTH, { message: `body must be at most ${REPLY_BODY_MAX_LENGTH} characters` })
  body!: string;
}

export class PatchReplyTemplateDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @Transform(trim)
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120, { message: 'name must be at most 120 characters' })
  name?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({ enum: REPLY_MEDIA })
  @IsOptional()
  @IsIn(REPLY_MEDIA, { message: `medium must be one of ${REPLY_MEDIA.join(', ')}` })
  medium?: ReplyMediumName;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 })
  @IsOptional()
  @IsString({ message: 'subject must be text' })
  @MaxLength(300, { message: 'subject must be at most 300 characters' })
  @Matches(/^[^\r\n\u2028\u2029\u0085\v\f]*$/, { message: 'subject must be a single line' })
  subject?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'body must be text' })
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(REPLY_BODY_MAX_LENGTH, { message: `body must be at most ${REPLY_BODY_MAX_LENGTH} characters` })
  body?: string;
}
