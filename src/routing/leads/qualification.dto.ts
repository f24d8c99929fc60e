import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { COMPLEXITIES, type Complexity } from '../../catalog/catalog.types';
import { ASSIGNEE_KINDS, type AssigneeKind } from '../../common/protocol.mjs';
import { REVENUE_TIERS, type RevenueTier, ROUTES, type Route } from '../domain/channel-matrix';
import { OPEN_MATURITY_STAGES, type OpenMaturity } from '../domain/maturity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const FACT_MAX = 500;

/** A qualification fact: confirmed (true), not (false), or what the customer said, in words. */
const IsFact = () =>
  ValidateBy({
    name: 'isFact',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'boolean' ||
        (typeof value === 'string' && value.trim().length > 0 && value.length <= FACT_MAX),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'fact'} must be true, false or a note of 1 to ${FACT_MAX} characters`,
    },
  });

/**
 * `POST /contacts/:id/qualification` (CONTRACT.md). The revenue tier is given, or derived from
 * `estimatedRevenue` by the matrix's thresholds; the complexity is given, or derived from
 * `productLines` (catalog codes) and `integration`. An explicit tier or complexity wins.
 */
export class QualificationDto {
  @ApiPropertyOptional({ enum: REVENUE_TIERS, description: 'or estimatedRevenue' })
  @ValidateIf((o: QualificationDto) => o.estimatedRevenue === undefined || o.revenueTier !== undefined)
  @IsIn(REVENUE_TIERS, { message: `revenueTier must be one of ${REVENUE_TIERS.join(', ')} (or give estimatedRevenue)` })
  revenueTier?: RevenueTier;

  @ApiPropertyOptional({ description: 'estimated potential revenue; tiered by the matrix thresholds' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'estimatedRevenue must be a number' })
  @Min(0, { message: 'estimatedRevenue must be at least 0' })
  estimatedRevenue?: number;

  @ApiPropertyOptional({ enum: COMPLEXITIES, description: 'or productLines' })
  @ValidateIf((o: QualificationDto) => o.productLines === undefined || o.complexity !== undefined)
  @IsIn(COMPLEXITIES, { message: `complexity must be one of ${COMPLEXITIES.join(', ')} (or give productLines)` })
  complexity?: Complexity;

  @ApiPropertyOptional({ type: [String], description: 'catalog codes of the product/service lines involved' })
  @IsOptional()
  @IsArray({ message: 'productLines must be an array of catalog codes' })
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'productLines must not repeat a code' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { each: true, message: 'productLines must be catalog codes' })
  productLines?: string[];

  @ApiProperty({ enum: OPEN_MATURITY_STAGES })
  @IsIn(OPEN_MATURITY_STAGES, { message: `maturity must be one of ${OPEN_MATURITY_STAGES.join(', ')}` })
  maturity!: OpenMaturity;

  @ApiPropertyOptional({ description: 'budget confirmed (true/false) or a note' })
  @IsOptional()
  @IsFact()
  budget?: boolean | string;

  @ApiPropertyOptional({ description: 'decision maker reached (true/false) or a note' })
  @IsOptional()
  @IsFact()
  authority?: boolean | string;

  @ApiPropertyOptional({ description: 'need confirmed (true/false) or a note' })
  @IsOptional()
  @IsFact()
  need?: boolean | string;

  @ApiPropertyOptional({ description: 'timeline known (true/false) or a note' })
  @IsOptional()
  @IsFact()
  timeline?: boolean | string;

  @ApiPropertyOptional({ description: "the solution must integrate with the customer's systems" })
  @IsOptional()
  @IsBoolean({ message: 'integration must be true or false' })
  integration?: boolean;

  @ApiPropertyOptional({ example: 'kanto', description: 'sales territory / region' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  territory?: string;

  @ApiPropertyOptional({ example: 'manufacturing' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  industry?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class AssigneeView {
  @ApiProperty({ enum: ASSIGNEE_KINDS })
  kind!: AssigneeKind;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'user, partner or queue id' })
  id!: string | null;
  @ApiProperty() name!: string;
}

export class QualificationAnswer {
  @ApiProperty() leadId!: string;
  @ApiProperty({ enum: ROUTES }) route!: Route;
  @ApiProperty() matrixVersion!: number;
  @ApiPropertyOptional({ type: AssigneeView, nullable: true }) assignee!: AssigneeView | null;
  @ApiProperty({ description: 'why this route and this assignee' }) reason!: string;
  @ApiProperty({ enum: REVENUE_TIERS }) revenueTier!: RevenueTier;
  @ApiProperty({ enum: COMPLEXITIES }) complexity!: Complexity;
  @ApiProperty({ enum: OPEN_MATURITY_STAGES }) maturity!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) followUpAt!: string | null;
  @ApiPropertyOptional({ type: Object, nullable: true }) handoff!: { id: string; dueAt: string } | null;
}
