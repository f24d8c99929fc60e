import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Contacts per medium an agent may hold at once (0 = never offered that medium). */
export class CapacityDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(50) web?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(50) voice?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(50) sms?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(50) email?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(50) fax?: number;
}

/** `PUT /routing/agents/:id/profile`: fields left out keep their value. */
export class PutAgentProfileDto {
  @ApiPropertyOptional({
    type: CapacityDto,
    description: 'missing media use the defaults (voice 1, sms 3, web 3, email 5, fax 3)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CapacityDto)
  capacity?: CapacityDto;

  @ApiPropertyOptional({ type: [String], description: "a deal specialist's territories" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(CODE, { each: true, message: 'territories must be lowercase codes such as kanto' })
  territories?: string[];

  @ApiPropertyOptional({ type: [String], description: "a deal specialist's industries" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(CODE, { each: true, message: 'industries must be lowercase codes such as manufacturing' })
  industries?: string[];

  @ApiPropertyOptional({ type: [String], description: "an expert's product lines (catalog codes), for proposal teams" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(CODE, { each: true, message: 'productLines must be lowercase catalog codes such as erp' })
  productLines?: string[];

  @ApiPropertyOptional({ description: "a deal specialist's maximum of open field leads" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxOpenLeads?: number;
}

export class AgentProfileView {
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ enum: ['available', 'away', 'offline'] }) presence!: string;
  @ApiProperty({ type: Object, description: 'per medium, defaults filled in' }) capacity!: Record<string, number>;
  @ApiProperty({ type: Object, description: 'contacts held (assignments + pending offers) per medium' })
  load!: Record<string, number>;
  @ApiProperty({ type: [String] }) territories!: string[];
  @ApiProperty({ type: [String] }) industries!: string[];
  @ApiProperty({ type: [String] }) productLines!: string[];
  @ApiProperty() maxOpenLeads!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) presenceChangedAt!: string | null;
  @ApiProperty() idleSince!: string;
}
