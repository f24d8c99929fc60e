import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  CLOSED_MATURITY_STAGES,
  type ClosedMaturity,
  OPEN_MATURITY_STAGES,
  type OpenMaturity,
} from '../domain/maturity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Amounts are money in the account's currency; the column holds 18 digits before the point. */
const AMOUNT_MAX = 1e15;
const REASON_MAX = 1000;

/** A required reason, trimmed, kept in the lead's history. */
const ReasonField = (description: string) =>
  applyDecorators(
    ApiProperty({ maxLength: REASON_MAX, description }),
    Transform(trim),
    IsString({ message: 'reason must be a text' }),
    MinLength(1, { message: 'reason is required' }),
    MaxLength(REASON_MAX, { message: `reason must be at most ${REASON_MAX} characters` }),
  );

/** An optional amount of money: at least 0, at most two decimals. */
const AmountField = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 0, description }),
    IsOptional(),
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
      { message: 'amount must be a number with at most 2 decimals' },
    ),
    Min(0, { message: 'amount must be at least 0' }),
    Max(AMOUNT_MAX, { message: `amount must be at most ${AMOUNT_MAX}` }),
  );

/** `PATCH /leads/:id`: the owner moves the maturity stage, with why and the forecast. */
export class StageMoveDto {
  @ApiProperty({ enum: OPEN_MATURITY_STAGES, description: 'won and lost are set by POST /leads/:id/outcome' })
  @IsIn(OPEN_MATURITY_STAGES, {
    message: `maturity must be one of ${OPEN_MATURITY_STAGES.join(', ')} (won and lost: POST /leads/:id/outcome)`,
  })
  maturity!: OpenMaturity;

  @ReasonField('why the stage moves; kept in the history')
  reason!: string;

  @AmountField('the deal amount forecast')
  amount?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'when the deal is expected to close; plans count by it' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expectedCloseAt must be an ISO 8601 date' })
  expectedCloseAt?: string;
}

/** `POST /leads/:id/outcome`. */
export class OutcomeDto {
  @ApiProperty({ enum: CLOSED_MATURITY_STAGES })
  @IsIn(CLOSED_MATURITY_STAGES, { message: 'result must be won or lost' })
  result!: ClosedMaturity;

  @ReasonField('why it was won or lost; kept in the history')
  reason!: string;

  @AmountField('the signed amount (won) or the amount at stake (lost)')
  amount?: number;
}

/** What a stage move or outcome answers: the lead's new state. */
export class StageChangeView {
  @ApiProperty() leadId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() maturity!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) amount!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) expectedCloseAt!: string | null;
  @ApiProperty() stageEnteredAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty() reason!: string;
}
