import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SALES_CHANNELS, type SalesChannel } from '../contacts/contact.types';
import { SEGMENT_DIMENSIONS, type SegmentDimension } from './reports-read.repository';

const iso = (field: string) => ({ message: `${field} must be an ISO 8601 date or instant, e.g. 2027-01-31` });

/** `?from=&to=`: the period `[from, to)`; `to` defaults to now, `from` to 30 days before `to`. */
export class ReportQuery {
  @ApiPropertyOptional({ example: '2027-01-01', description: 'start of the period (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, iso('from'))
  from?: string;

  @ApiPropertyOptional({ example: '2027-02-01', description: 'end of the period (exclusive), after from' })
  @IsOptional()
  @IsISO8601({ strict: true }, iso('to'))
  to?: string;
}

export class SellersQuery extends ReportQuery {
  @ApiPropertyOptional({ example: '2027-01-15', description: 'splits the period in two: before and after it' })
  @IsOptional()
  @IsISO8601({ strict: true }, iso('before'))
  before?: string;
}

export class SegmentsQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: SEGMENT_DIMENSIONS, default: 'segment', description: 'the customer column to group by' })
  @IsOptional()
  @IsIn(SEGMENT_DIMENSIONS, { message: `by must be one of ${SEGMENT_DIMENSIONS.join(', ')}` })
  by?: SegmentDimension;
}

export class ChannelCostDto {
  @ApiProperty({ enum: SALES_CHANNELS })
  @IsIn(SALES_CHANNELS, { message: `channel must be one of ${SALES_CHANNELS.join(', ')}` })
  channel!: SalesChannel;

  @ApiProperty({ minimum: 0, description: 'fixed cost per day (staff, lines, licences)' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: 'perDay must be a number' })
  @Min(0, { message: 'perDay must be at least 0' })
  @Max(1e12, { message: 'perDay must be at most 1e12' })
  perDay!: number;

  @ApiProperty({ minimum: 0, description: 'cost of each contact (call minutes, messages, media)' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: 'perContact must be a number' })
  @Min(0, { message: 'perContact must be at least 0' })
  @Max(1e12, { message: 'perContact must be at most 1e12' })
  perContact!: number;

  @ApiProperty({ example: 'JPY', description: 'ISO 4217 currency code' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter ISO 4217 code like JPY' })
  currency!: string;
}

export class PutChannelCostsDto {
  @ApiProperty({ type: [ChannelCostDto] })
  @IsArray({ message: 'costs must be an array' })
  @ArrayMinSize(1, { message: 'costs must name at least one channel' })
  @ArrayMaxSize(SALES_CHANNELS.length, { message: `costs must name at most ${SALES_CHANNELS.length} channels` })
  @ValidateNested({ each: true })
  @Type(() => ChannelCostDto)
  costs!: ChannelCostDto[];
}

export class ChannelCostView {
  @ApiProperty({ enum: SALES_CHANNELS }) channel!: string;
  @ApiProperty() perDay!: number;
  @ApiProperty() perContact!: number;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) updatedBy!: string | null;
  @ApiProperty() updatedAt!: string;
}
