import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { ContactSummaryView, TimelineEventView } from '../contacts/contact.dto';
import { PageLimit } from '../common/query-params';
import { LeadSummaryView } from '../routing/leads/leads.dto';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A nullable field: `null` clears it, so only a present, non-null value is validated. */
const unlessNull = (field: string) =>
  ValidateIf((o: Record<string, unknown>) => o[field] !== null && o[field] !== undefined);

export class ListCustomersQuery {
  @ApiPropertyOptional({ description: 'part of the account name or e-mail domain', maxLength: 100 })
  @IsOptional()
  @Transform(trimmed)
  @Length(1, 100, { message: 'q must be 1 to 100 characters' })
  @IsString({ message: 'q must be text' })
  q?: string;

  @ApiPropertyOptional({ description: 'market-planning segment, e.g. enterprise' })
  @IsOptional()
  @MaxLength(32, { message: 'segment must be at most 32 characters' })
  @IsString({ message: 'segment must be text' })
  segment?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the relationship owner' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class UpdateCustomerDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'cannot be cleared' })
  @ValidateIf((o: UpdateCustomerDto) => o.name !== undefined)
  @Transform(trimmed)
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  @IsString({ message: 'name must be text (it cannot be cleared)' })
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'an active staff user; null clears it' })
  @unlessNull('relationshipOwnerId')
  @IsUUID('all', { message: 'relationshipOwnerId must be a UUID or null' })
  relationshipOwnerId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 32 })
  @unlessNull('segment')
  @Transform(trimmed)
  @Length(1, 32, { message: 'segment must be 1 to 32 characters' })
  @IsString({ message: 'segment must be text or null' })
  segment?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64 })
  @unlessNull('industry')
  @Transform(trimmed)
  @Length(1, 64, { message: 'industry must be 1 to 64 characters' })
  @IsString({ message: 'industry must be text or null' })
  industry?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 32 })
  @unlessNull('size')
  @Transform(trimmed)
  @Length(1, 32, { message: 'size must be 1 to 32 characters' })
  @IsString({ message: 'size must be text or null' })
  size?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64 })
  @unlessNull('region')
  @Transform(trimmed)
  @Length(1, 64, { message: 'region must be 1 to 64 characters' })
  @IsString({ message: 'region must be text or null' })
  region?: string | null;
}

export class UpdatePersonDto {
  @ApiPropertyOptional({ description: 'true: nothing outbound (reply, call, campaign) reaches them' })
  @IsOptional()
  @IsBoolean({ message: 'doNotContact must be true or false' })
  doNotContact?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @unlessNull('name')
  @Transform(trimmed)
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  @IsString({ message: 'name must be text or null' })
  name?: string | null;
}

export class StaffRefView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) name!: string | null;
}

export class CustomerSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) domain!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) segment!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) industry!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) size!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) region!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) relationshipOwnerId!: string | null;
  @ApiPropertyOptional({ type: StaffRefView, nullable: true }) relationshipOwner!: StaffRefView | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class CustomerPage {
  @ApiProperty({ type: [CustomerSummaryView] }) items!: CustomerSummaryView[];
  @ApiPropertyOptional({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PersonSummaryView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) name!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) email!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) customerId!: string | null;
  @ApiProperty() doNotContact!: boolean;
}

export class CustomerDetailView extends CustomerSummaryView {
  @ApiProperty({ type: [PersonSummaryView] }) people!: PersonSummaryView[];
  @ApiProperty({ type: [ContactSummaryView], description: 'the contacts the caller may see, newest first' })
  contacts!: ContactSummaryView[];
  @ApiProperty({ type: [LeadSummaryView], description: 'the leads the caller may see' })
  leads!: LeadSummaryView[];
  @ApiProperty({ type: [TimelineEventView], description: 'changes to the account (customer.updated), oldest first' })
  history!: TimelineEventView[];
}

export class PersonDetailView extends PersonSummaryView {
  @ApiPropertyOptional({ type: CustomerSummaryView, nullable: true }) customer!: CustomerSummaryView | null;
  @ApiProperty({ type: [ContactSummaryView], description: 'their contacts on every medium the caller may see' })
  contacts!: ContactSummaryView[];
}
