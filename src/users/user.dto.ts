import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
  ValidateNested,
} from 'class-validator';
import { IsEmailAddress, IsOptionalNotNull } from '../common/validators';
import { LANGUAGES, Language, MEDIA, Medium, SALES_CHANNELS, SalesChannel } from '../contacts/contact.types';
import { ROLES, Role } from './user.types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class UserSkillsDto {
  @ApiPropertyOptional({ enum: LANGUAGES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];

  @ApiPropertyOptional({ type: [String], description: 'catalog codes' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { each: true, message: 'productLines must be catalog codes' })
  productLines?: string[];

  @ApiPropertyOptional({ enum: SALES_CHANNELS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SALES_CHANNELS, { each: true })
  channels?: SalesChannel[];

  @ApiPropertyOptional({ enum: MEDIA, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(MEDIA, { each: true })
  media?: Medium[];
}

export class CreateUserDto {
  @ApiProperty({ example: 'agent@example.co.jp' })
  @Transform(lower)
  @IsEmailAddress({ message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ example: '山田 花子' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ type: UserSkillsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UserSkillsDto)
  skills?: UserSkillsDto;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: UserSkillsDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => UserSkillsDto)
  skills?: UserSkillsDto;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: UserSkillsDto }) skills!: UserSkillsDto;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'logins are refused until then, after too many failed ones; null: not locked',
  })
  lockedUntil!: Date | null;
}
