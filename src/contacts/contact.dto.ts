import { PageLimit } from '../common/query-params';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { CONTACT_STATUSES, ContactStatus, MEDIA, Medium, SALES_CHANNELS, SalesChannel } from './contact.types';

export class ListContactsQuery {
  @ApiPropertyOptional({
    description:
      "name, e-mail, phone (any national or international format) or company; the account's name too. A whole phone number finds that number, a partial one (4 digits or more) every number containing it",
    minLength: 1,
    maxLength: 100,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 100, { message: 'q must be 1 to 100 characters' })
  @IsString({ message: 'q must be text' })
  q?: string;

  @ApiPropertyOptional({ enum: CONTACT_STATUSES })
  @IsOptional()
  @IsIn(CONTACT_STATUSES, { message: `status must be one of ${CONTACT_STATUSES.join(', ')}` })
  status?: ContactStatus;

  @ApiPropertyOptional({ enum: SALES_CHANNELS })
  @IsOptional()
  @IsIn(SALES_CHANNELS, { message: `channel must be one of ${SALES_CHANNELS.join(', ')}` })
  channel?: SalesChannel;

  @ApiPropertyOptional({ enum: MEDIA })
  @IsOptional()
  @IsIn(MEDIA, { message: `medium must be one of ${MEDIA.join(', ')}` })
  medium?: Medium;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class TimelineEventView {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() actor!: string;
  @ApiProperty({ type: Object }) data!: Record<string, unknown>;
  @ApiProperty() occurredAt!: Date;
}

export class PartyView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) name!: string | null;
}

export class PersonView extends PartyView {
  @ApiPropertyOptional({ type: String, nullable: true }) email!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone!: string | null;
}

export class CustomerView extends PartyView {
  @ApiPropertyOptional({ type: String, nullable: true }) domain!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) relationshipOwnerId!: string | null;
}

export class ContactSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: MEDIA }) medium!: Medium;
  @ApiProperty() source!: string;
  @ApiProperty({ enum: CONTACT_STATUSES }) status!: ContactStatus;
  @ApiPropertyOptional({ enum: SALES_CHANNELS, nullable: true }) channel!: SalesChannel | null;
  @ApiPropertyOptional({ type: String, nullable: true }) channelReason!: string | null;
  @ApiProperty() inquiryType!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ type: Object }) from!: {
    name: string | null;
    email: string | null;
    phone: string | null;
    company: string | null;
  };
  @ApiPropertyOptional({ type: String, nullable: true }) subject!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) productLine!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) personId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) customerId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) assignedAgentId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class AttachmentViewDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['attachment', 'recording', 'fax_document'] }) kind!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() createdAt!: Date;
}

export class ContactView extends ContactSummaryView {
  @ApiProperty() body!: string;
  @ApiPropertyOptional({ type: Boolean, nullable: true }) consent!: boolean | null;
  @ApiPropertyOptional({ type: PersonView, nullable: true }) person!: PersonView | null;
  @ApiPropertyOptional({ type: CustomerView, nullable: true }) customer!: CustomerView | null;
  @ApiPropertyOptional({ type: Object, nullable: true, description: 'the agent working it, once routed' })
  assignment!: { agentId: string } | null;
  @ApiProperty({ type: [AttachmentViewDto], description: 'download at /contacts/:id/attachments/:attachmentId' })
  attachments!: AttachmentViewDto[];
  @ApiProperty({ type: [TimelineEventView] }) timeline!: TimelineEventView[];
}

export class ContactPage {
  @ApiProperty({ type: [ContactSummaryView] }) items!: ContactSummaryView[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}
