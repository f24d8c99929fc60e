import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const PERIOD = /^\d{4}-Q[1-4]$/;
const PERIOD_MESSAGE = 'period must be a quarter like 2027-Q1';

export class PipelineQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "a lead owner's pipeline (deal specialists see only their own)" })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "a proposal team's pipeline: its lead and every lead its accepted experts are on together",
  })
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a UUID' })
  teamId?: string;

  @ApiPropertyOptional({ description: 'catalog code of a product line' })
  @IsOptional()
  @IsString({ message: 'productLine must be a catalog code' })
  @MaxLength(64, { message: 'productLine must be at most 64 characters' })
  productLine?: string;

  @ApiPropertyOptional({ example: '2027-Q1', description: 'leads expected to close in this quarter, and its plan' })
  @IsOptional()
  @IsString({ message: PERIOD_MESSAGE })
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period?: string;
}

export class PutPlanDto {
  @ApiPropertyOptional({ format: 'uuid', description: "a seller's plan; left out: the company-wide plan" })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string;

  @ApiProperty({ minimum: 0 })
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: 'target must be a number with at most 2 decimals' },
  )
  @Min(0, { message: 'target must be at least 0' })
  @Max(1e15, { message: 'target must be at most 1e15' })
  target!: number;
}

export class PlanView {
  @ApiProperty({ example: '2027-Q1' }) period!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) ownerId!: string | null;
  @ApiProperty() target!: number;
  @ApiProperty() updatedAt!: string;
}

export class PipelineStageView {
  @ApiProperty({ enum: ['M0', 'M1', 'M2', 'M3', 'M4', 'won', 'lost'] }) stage!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'sum of the amounts' }) amount!: number;
  @ApiProperty({ description: 'leads flagged stalled' }) stalled!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'days in the stage, on average' })
  averageAgeDays!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'days in the stage, the longest' })
  oldestAgeDays!: number | null;
  @ApiProperty({ description: 'probability of winning used to weigh this stage' }) weight!: number;
}

export class CoverageView {
  @ApiProperty() target!: number;
  @ApiProperty({ description: 'won amounts plus open amounts times their stage weight' }) weighted!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'weighted / target' }) ratio!: number | null;
}

export class PipelineLeadView {
  @ApiProperty() id!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty() maturity!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) amount!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) expectedCloseAt!: string | null;
  @ApiProperty() stageEnteredAt!: string;
  @ApiProperty() ageDays!: number;
  @ApiProperty() stalled!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) ownerId!: string | null;
  @ApiProperty({ type: [String] }) productLines!: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: "the customer's company, as the contact gave it" })
  company!: string | null;
  @ApiProperty() summary!: string;
}

export class PipelineView {
  @ApiProperty({ type: [PipelineStageView] }) stages!: PipelineStageView[];
  @ApiPropertyOptional({ type: CoverageView, nullable: true }) coverage!: CoverageView | null;
  @ApiProperty({ type: [PipelineLeadView], description: 'the deals behind the counts, longest in their stage first' })
  leads!: PipelineLeadView[];
}
