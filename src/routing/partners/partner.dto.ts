import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsEmailAddress } from '../../common/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class CreatePartnerDto {
  @ApiProperty({ example: 'Kanto Network Solutions' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'leads@partner.example' })
  @Transform(lower)
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ type: [String], description: 'regions (territories) covered; empty: every region' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(CODE, { each: true, message: 'regions must be lowercase codes such as kanto' })
  regions?: string[];

  @ApiPropertyOptional({ type: [String], description: 'catalog codes sold; empty: every line' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(CODE, { each: true, message: 'productLines must be catalog codes' })
  productLines?: string[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdatePartnerDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(lower)
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(CODE, { each: true, message: 'regions must be lowercase codes such as kanto' })
  regions?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(CODE, { each: true, message: 'productLines must be catalog codes' })
  productLines?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class PartnerView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: [String] }) regions!: string[];
  @ApiProperty({ type: [String] }) productLines!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
