import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { PageLimit } from '../common/query-params';
import { IsOptionalNotNull } from '../common/validators';
import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_KINDS,
  CAMPAIGN_MEDIA,
  CAMPAIGN_STATUSES,
  TARGET_STATES,
  type CampaignChannel,
  type CampaignKind,
  type CampaignMedium,
  type CampaignStatus,
  type TargetState,
} from './domain/campaign.types';
import { isTimeZone } from './domain/calling-hours';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: () => '$property must be an IANA time zone such as Asia/Tokyo',
    },
  });

export class SeminarInputDto {
  @ApiProperty({ maxLength: 200 })
  @Transform(trim)
  @IsString({ message: 'seminar.title must be a text' })
  @MinLength(1, { message: 'seminar.title must not be empty' })
  @MaxLength(200, { message: 'seminar.title must be at most 200 characters' })
  title!: string;

  @ApiProperty({ example: '2027-02-10T09:00:00Z' })
  @IsISO8601({ strict: true }, { message: 'seminar.startsAt must be an ISO 8601 date-time' })
  startsAt!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt({ message: 'seminar.capacity must be a whole number' })
  @Min(1, { message: 'seminar.capacity must be at least 1' })
  @Max(100_000, { message: 'seminar.capacity must be at most 100000' })
  capacity!: number;
}

export class CallingHoursDto {
  @ApiProperty({ example: 'Asia/Tokyo' })
  @IsTimeZone()
  timezone!: string;

  @ApiProperty({ example: '09:00', description: 'local time HH:MM' })
  @Matches(HH_MM, { message: 'callingHours.from must be a local time HH:MM' })
  from!: string;

  @ApiProperty({ example: '18:00', description: 'local time HH:MM, after from' })
  @Matches(HH_MM, { message: 'callingHours.to must be a local time HH:MM' })
  to!: string;
}

/** `POST /campaigns`. */
export class CreateCampaignDto {
  @ApiProperty({ maxLength: 200 })
  @Transform(trim)
  @IsString({ message: 'name must be a text' })
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name!: string;

  @ApiProperty({ enum: CAMPAIGN_KINDS })
  @IsIn(CAMPAIGN_KINDS, { message: `kind must be one of ${CAMPAIGN_KINDS.join(', ')}` })
  kind!: CampaignKind;

  @ApiProperty({ enum: CAMPAIGN_CHANNELS })
  @IsIn(CAMPAIGN_CHANNELS, { message: `channel must be one of ${CAMPAIGN_CHANNELS.join(', ')}` })
  channel!: CampaignChannel;

  @ApiProperty({ enum: CAMPAIGN_MEDIA })
  @IsIn(CAMPAIGN_MEDIA, { message: `medium must be one of ${CAMPAIGN_MEDIA.join(', ')}` })
  medium!: CampaignMedium;

  @ApiPropertyOptional({ maxLength: 10_000, description: 'what the agent says (voice)' })
  @IsOptionalNotNull()
  @IsString({ message: 'script must be a text' })
  @MaxLength(10_000, { message: 'script must be at most 10000 characters' })
  script?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'reply template of the invitation (e-mail, SMS)' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'templateId must be a UUID' })
  templateId?: string;

  @ApiPropertyOptional({ type: SeminarInputDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => SeminarInputDto)
  seminar?: SeminarInputDto;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' })
  startsAt?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 date-time' })
  endsAt?: string;

  @ApiPropertyOptional({ type: CallingHoursDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => CallingHoursDto)
  callingHours?: CallingHoursDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 3 })
  @IsOptionalNotNull()
  @IsInt({ message: 'maxAttempts must be a whole number' })
  @Min(1, { message: 'maxAttempts must be at least 1' })
  @Max(20, { message: 'maxAttempts must be at most 20' })
  maxAttempts?: number;
}

/** `PATCH /campaigns/:id`. */
export class UpdateCampaignDto {
  @ApiProperty({ enum: ['active', 'paused', 'done'] })
  @IsIn(['active', 'paused', 'done'], { message: 'status must be one of active, paused, done' })
  status!: Exclude<CampaignStatus, 'draft'>;
}

export class ListCampaignsQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES, { message: `status must be one of ${CAMPAIGN_STATUSES.join(', ')}` })
  status?: CampaignStatus;

  @PageLimit()
  limit?: number;
}

export class TargetInputDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'name must be a text' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'phone must be a text' })
  @MaxLength(64, { message: 'phone must be at most 64 characters' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'email must be a text' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'company must be a text' })
  @MaxLength(200, { message: 'company must be at most 200 characters' })
  company?: string;

  @ApiPropertyOptional({ example: 'ja' })
  @IsOptional()
  @IsString({ message: 'language must be a text' })
  @MaxLength(8, { message: 'language must be at most 8 characters' })
  language?: string;

  @ApiPropertyOptional({ description: 'no/false skips the row' })
  @IsOptional()
  @IsIn([true, false, 'yes', 'no', 'true', 'false'], { message: 'consent must be a boolean' })
  consent?: boolean | string;
}

/** `POST /campaigns/:id/targets` as JSON. */
export class AddTargetsDto {
  @ApiProperty({ type: [TargetInputDto] })
  @IsArray({ message: 'targets must be an array' })
  @ArrayMaxSize(50_000, { message: 'targets must hold at most 50000 rows' })
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  targets!: TargetInputDto[];
}

export class ListTargetsQuery {
  @ApiPropertyOptional({ enum: TARGET_STATES })
  @IsOptional()
  @IsIn(TARGET_STATES, { message: `state must be one of ${TARGET_STATES.join(', ')}` })
  state?: TargetState;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsOptional()
  @IsInt({ message: 'offset must be an integer' })
  @Min(0, { message: 'offset must be at least 0' })
  offset?: number;
}

export class SeminarView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() registered!: number;
}

export class CallingHoursView {
  @ApiProperty() timezone!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}

export class CampaignProgressView {
  @ApiProperty() targets!: number;
  @ApiProperty({ description: 'targets by state', example: { pending: 3, offered: 1, retry: 0, done: 2, skipped: 1 } })
  byState!: Record<string, number>;
  @ApiProperty({ description: 'targets by last disposition', example: { no_answer: 1 } })
  byDisposition!: Record<string, number>;
  @ApiProperty() attempts!: number;
  @ApiProperty() registrations!: number;
  @ApiProperty({ description: 'leads qualified from the contacts of this campaign' }) leads!: number;
}

export class CampaignView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CAMPAIGN_KINDS }) kind!: string;
  @ApiProperty({ enum: CAMPAIGN_CHANNELS }) channel!: string;
  @ApiProperty({ enum: CAMPAIGN_MEDIA }) medium!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) script!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) templateId!: string | null;
  @ApiPropertyOptional({ type: SeminarView, nullable: true }) seminar!: SeminarView | null;
  @ApiPropertyOptional({ type: String, nullable: true }) startsAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) endsAt!: string | null;
  @ApiPropertyOptional({ type: CallingHoursView, nullable: true }) callingHours!: CallingHoursView | null;
  @ApiProperty() maxAttempts!: number;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ type: CampaignProgressView }) progress?: CampaignProgressView;
}

export class CampaignTargetView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) personId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) customerId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) contactId!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) row!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) name!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) phone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) email!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) company!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) language!: string | null;
  @ApiProperty({ enum: TARGET_STATES }) state!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lastDisposition!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) skipReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) nextAttemptAt!: string | null;
}

export class TargetSkipView {
  @ApiProperty({ description: 'data row, counted from 1' }) row!: number;
  @ApiProperty() reason!: string;
}

export class TargetImportView {
  @ApiProperty() added!: number;
  @ApiProperty({ type: [TargetSkipView] }) skipped!: TargetSkipView[];
}
