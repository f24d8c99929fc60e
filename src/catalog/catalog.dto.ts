import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { COMPLEXITIES, type Complexity } from './catalog.types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

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

  @ApiPropertyOptional({ type: [String], description: 'customer segments served (market planning)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,31}$/, { each: true, message: 'segments must be lowercase codes such as smb' })
  segments?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ProductLineView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: COMPLEXITIES }) complexity!: Complexity;
  @ApiProperty({ type: [String] }) segments!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
