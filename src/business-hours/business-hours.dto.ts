import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Weekday } from './domain/business-time';

/**
 * `PUT /business-hours`. The shapes are checked here; the calendar rules (a known time zone,
 * HH:MM ranges that do not overlap, real dates) by calendarProblems, which names the field at fault.
 */
export class PutBusinessHoursDto {
  @ApiProperty({ example: 'Asia/Tokyo', description: 'IANA time zone the hours and holidays are read in' })
  @IsString()
  @MaxLength(64)
  timezone!: string;

  @ApiProperty({
    example: {
      mon: [['09:00', '18:00']],
      tue: [
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ],
    },
    description: 'local opening ranges per day (mon..sun), end after start; a missing day is closed',
  })
  @IsObject()
  weekly!: Partial<Record<Weekday, Array<[string, string]>>>;

  @ApiPropertyOptional({ type: [String], example: ['2027-01-01'], description: 'local dates closed all day' })
  @IsOptional()
  @IsArray()
  holidays?: string[];
}

export class BusinessHoursViewDto {
  @ApiProperty() timezone!: string;
  @ApiProperty({ type: Object }) weekly!: Record<Weekday, Array<[string, string]>>;
  @ApiProperty({ type: [String] }) holidays!: string[];
  @ApiProperty({ description: 'false while none are set: open around the clock' }) configured!: boolean;
  @ApiProperty({ type: String, nullable: true }) updatedAt!: string | null;
}
