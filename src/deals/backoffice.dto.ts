import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageLimit } from '../common/query-params';
import {
  BACKOFFICE_TASK_KINDS,
  BACKOFFICE_TASK_STATUSES,
  type BackofficeTaskKind,
  type BackofficeTaskStatus,
} from './domain/paperwork';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `POST /contacts/:id/order`: an e-Sales order placed by the contact's agent. */
export class PlaceOrderDto {
  @ApiProperty({ example: 'server', description: 'catalog code' })
  @IsString({ message: 'productLine must be a catalog code' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'productLine must be a lowercase catalog code such as server' })
  productLine!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(1_000_000, { message: 'quantity must be at most 1000000' })
  quantity!: number;

  @ApiProperty({ minimum: 0 })
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: 'amount must be a number with at most 2 decimals' },
  )
  @Min(0, { message: 'amount must be at least 0' })
  @Max(1e15, { message: 'amount must be at most 1e15' })
  amount!: number;
}

export class ListTasksQuery {
  @ApiPropertyOptional({ enum: BACKOFFICE_TASK_STATUSES })
  @IsOptional()
  @IsIn(BACKOFFICE_TASK_STATUSES, { message: `status must be one of ${BACKOFFICE_TASK_STATUSES.join(', ')}` })
  status?: BackofficeTaskStatus;

  @ApiPropertyOptional({ enum: BACKOFFICE_TASK_KINDS })
  @IsOptional()
  @IsIn(BACKOFFICE_TASK_KINDS, { message: `kind must be one of ${BACKOFFICE_TASK_KINDS.join(', ')}` })
  kind?: BackofficeTaskKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'leadId must be a UUID' })
  leadId?: string;

  @PageLimit()
  limit?: number;
}

export class UpdateTaskDto {
  @ApiProperty({ enum: ['in_progress', 'done'] })
  @IsIn(['in_progress', 'done'], { message: 'status must be in_progress or done' })
  status!: 'in_progress' | 'done';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'note must be a text' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  note?: string;
}

export class BackofficeTaskView {
  @ApiProperty() id!: string;
  @ApiProperty() orderId!: string;
  @ApiProperty({ enum: BACKOFFICE_TASK_KINDS }) kind!: string;
  @ApiProperty({ enum: BACKOFFICE_TASK_STATUSES }) status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) assigneeId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) doneAt!: string | null;
  @ApiProperty({ enum: ['won_lead', 'e_sales_order'] }) source!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) leadId!: string | null;
  @ApiProperty() contactId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) productLine!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) quantity!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) amount!: number | null;
  @ApiProperty() summary!: string;
  @ApiProperty() createdAt!: string;
}

export class OrderPlacedView {
  @ApiProperty() orderId!: string;
  @ApiProperty({ type: [BackofficeTaskView] }) tasks!: BackofficeTaskView[];
}
