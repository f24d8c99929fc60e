import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import type { Medium } from '../contacts/contact.types';

export const REPLY_MEDIA = ['email', 'sms', 'fax'] as const;
export type ReplyMediumName = (typeof REPLY_MEDIA)[number];
export const REPLY_BODY_MAX_LENGTH = 10_000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class MessageAttachmentView {
  @ApiProperty() id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
}

export class MessageAuthorView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/** One message of a contact's conversation (CONTRACT.md, Conversations). */
export class MessageView {
  @ApiProperty({ description: "the message's id; the contact's own first message has the contact's id" })
  id!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction!: 'inbound' | 'outbound';
  @ApiProperty({ enum: ['web', 'voice', 'sms', 'email', 'fax'] }) medium!: Medium;
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
  @ApiProperty({ type: String, nullable: true }) to!: string | null;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty() body!: string;
  @ApiProperty({ type: [MessageAttachmentView] }) attachments!: MessageAttachmentView[];
  @ApiProperty({ enum: ['received', 'queued', 'sent', 'delivered', 'failed'] })
  status!: 'received' | 'queued' | 'sent' | 'delivered' | 'failed';
  @ApiPropertyOptional({ type: String, nullable: true, description: "the provider's reason of a failed message" })
  error!: string | null;
  @ApiProperty({ type: MessageAuthorView, nullable: true }) author!: MessageAuthorView | null;
  @ApiProperty() createdAt!: string;
}

export class ConversationView {
  @ApiProperty({ type: [MessageView] }) items!: MessageView[];
}

/** `POST /contacts/:id/replies`. */
export class ReplyDto {
  @ApiProperty({ enum: REPLY_MEDIA })
  @IsDefined({ message: 'medium is required' })
  @IsIn(REPLY_MEDIA, { message: `medium must be one of ${REPLY_MEDIA.join(', ')}` })
  medium!: ReplyMediumName;

  @ApiPropertyOptional({
    description: 'the text; required unless templateId gives it',
    maxLength: REPLY_BODY_MAX_LENGTH,
  })
  @IsOptional()
  @IsString({ message: 'body must be text' })
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(REPLY_BODY_MAX_LENGTH, { message: `body must be at most ${REPLY_BODY_MAX_LENGTH} characters` })
  body?: string;

  @ApiPropertyOptional({ description: 'e-mail only; one line', maxLength: 300 })
  @Transform(trim)
  @IsOptional()
  @IsString({ message: 'subject must be text' })
  @MaxLength(300, { message: 'subject must be at most 300 characters' })
  // A header: a line break would start another header (header injection).
  @Matches(/^[^\r\n\u2028\u2029\u0085\v\f]*$/, { message: 'subject must be a single line' })
  subject?: string;

  @ApiPropertyOptional({ type: [String], description: "ids of the contact's attachments (fax: a PDF is required)" })
  @IsOptional()
  @IsArray({ message: 'attachmentIds must be a list of attachment ids' })
  @ArrayMaxSize(10, { message: 'attachmentIds may name at most 10 attachments' })
  @IsUUID('all', { each: true, message: 'attachmentIds must be attachment ids' })
  attachmentIds?: string[];

  @ApiPropertyOptional({
    description: 'a reply template of the same medium; body and subject, when given, override it',
  })
  @IsOptional()
  @IsUUID('all', { message: 'templateId must be a template id' })
  templateId?: string;
}

export class ReplyAcceptedDto {
  @ApiProperty() messageId!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}
