import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { COMPLEXITIES, type Complexity } from './catalog.types';
import { DEFAULT_TARGET_SEGMENT_BONUS, MAX_TARGET_SEGMENT_BONUS } from './domain/market-planning';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * One target segment of a line (market planning): the criteria an account must meet, each compared
 * with the account's field of the same name (trimmed, case-insensitive); at least one is required.
 */
export class TargetSegmentDto {
  @ApiPropertyOptional({ example: 'Manufacturing, large', description: 'a label shown in offers' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @IsString({ message: 'name must be text' })
  name?: string;

  @ApiPropertyOptional({ example: 'enterprise', description: "the account's segment code" })
  @IsOptional()
  @Transform(trim)
  @Length(1, 32, { message: 'segment must be 1 to 32 characters' })
  @IsString({ message: 'segment must be text' })
  segment?: string;

  @ApiPropertyOptional({ example: 'manufacturing' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 64, { message: 'industry must be 1 to 64 characters' })
  @IsString({ message: 'industry must be text' })
  industry?: string;

  @ApiPropertyOptional({ example: 'large' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 32, { message: 'size must be 1 to 32 characters' })
  @IsString({ message: 'size must be text' })
  size?: string;

  @ApiPropertyOptional({ example: 'JP-Kanto' })
  @IsOptional()
  @Transform(trim)
  @Length(1, 64, { message: 'region must be 1 to 64 characters' })
  @IsString({ message: 'region must be text' })
  region?: string;

  @ApiPropertyOptional({ default: DEFAULT_TARGET_SEGMENT_BONUS, minimum: 0, maximum: MAX_TARGET_SEGMENT_BONUS })
  @IsOptional()
  @Min(0, { message: 'bonus must be at least 0' })
  @Max(MAX_TARGET_SEGMENT_BONUS, { message: `bonus must be at most ${MAX_TARGET_SEGMENT_BONUS}` })
  @IsInt({ message: 'bonus must be a whole number of priority points' })
  bonus?: number;
}

/** `PUT /catalog/product-lines/:code`: the whole entry (created when new). */
export class PutProductLineDto {
  @ApiProperty({ example: 'Servers and storage' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: COMPLEXITIES })
  @IsIn(COMPLEXITIES, { message: `complexity must be one of ${COMPLEXITIES.join(', ')}` })
  complexity!: Complexity;

  @ApiPropertyOptional({
    type: [TargetSegmentDto],
    description: 'the target segments this line serves (market planning); a contact in one gets routing priority',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TargetSegmentDto)
  @IsObject({
    each: true,
    message: 'segments must be objects such as { "industry": "manufacturing", "size": "large" }',
  })
  @ArrayMaxSize(50, { message: 'segments must list at most 50 target segments' })
  @IsArray({ message: 'segments must be a list of target segments' })
  segments?: TargetSegmentDto[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ProductLineView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: COMPLEXITIES }) complexity!: Complexity;
  @ApiProperty({ type: [TargetSegmentDto] }) segments!: TargetSegmentDto[];
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
