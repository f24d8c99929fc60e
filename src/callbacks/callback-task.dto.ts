import { PageLimit } from '../common/query-params';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

export const CALLBACK_TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

export class ListCallbackTasksQuery {
  @ApiPropertyOptional({ enum: CALLBACK_TASK_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(CALLBACK_TASK_STATUSES, { message: `status must be one of ${CALLBACK_TASK_STATUSES.join(', ')}` })
  status?: (typeof CALLBACK_TASK_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'only the tasks assigned to this agent' })
  @IsOptional()
  @IsUUID('all', { message: 'assignedAgentId must be a UUID' })
  assignedAgentId?: string;

  @PageLimit()
  limit?: number;
}

export class UpdateCallbackTaskDto {
  @ApiPropertyOptional({ enum: CALLBACK_TASK_STATUSES })
  @IsOptional()
  @IsIn(CALLBACK_TASK_STATUSES, { message: `status must be one of ${CALLBACK_TASK_STATUSES.join(', ')}` })
  status?: (typeof CALLBACK_TASK_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'the agent who will call back; null frees it' })
  @ValidateIf((o: UpdateCallbackTaskDto) => o.assignedAgentId !== null && o.assignedAgentId !== undefined)
  @IsUUID('all', { message: 'assignedAgentId must be a UUID or null' })
  assignedAgentId?: string | null;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CallbackTaskView {
  @ApiProperty() id!: string;
  @ApiProperty() contactId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) personId!: string | null;
  @ApiProperty({ description: 'E.164' }) phone!: string;
  @ApiProperty({ enum: ['no-answer', 'busy', 'failed', 'canceled', 'abandoned', 'scheduled'] }) reason!: string;
  @ApiPropertyOptional({
    type: Date,
    nullable: true,
    description: 'when to call back; null for a missed call (as soon as possible, counted from createdAt)',
  })
  dueAt!: Date | null;
  @ApiProperty({ enum: CALLBACK_TASK_STATUSES }) status!: string;
  @ApiProperty() language!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) assignedAgentId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
