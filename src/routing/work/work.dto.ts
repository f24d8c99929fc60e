import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DomainError } from '../../common/domain-error';
import { SALES_CHANNELS, type SalesChannel } from '../../contacts/contact.types';
import { DISPOSITION_CODE } from '../domain/dispositions';

export class TransferDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the agent to offer the contact to (or give channel)' })
  @IsOptional()
  @IsUUID('all', { message: 'agentId must be a UUID' })
  agentId?: string;

  @ApiPropertyOptional({ enum: SALES_CHANNELS, description: "back to this channel's queue (or give agentId)" })
  @IsOptional()
  @IsIn(SALES_CHANNELS, { message: `channel must be one of ${SALES_CHANNELS.join(', ')}` })
  channel?: SalesChannel;
}

/** Exactly one of agentId and channel; 400 naming agentId otherwise. */
export function transferTarget(dto: TransferDto): { agentId: string } | { channel: SalesChannel } {
  if (dto.agentId !== undefined && dto.channel !== undefined) {
    throw new DomainError('validation_failed', 'give agentId or channel, not both', [
      { field: 'agentId', message: 'give agentId or channel, not both' },
      { field: 'channel', message: 'give agentId or channel, not both' },
    ]);
  }
  if (dto.agentId !== undefined) return { agentId: dto.agentId };
  if (dto.channel !== undefined) return { channel: dto.channel };
  throw new DomainError('validation_failed', 'agentId or channel is required', [
    { field: 'agentId', message: 'agentId or channel is required' },
  ]);
}

export class TransferView {
  @ApiProperty() contactId!: string;
  @ApiProperty({ enum: ['offered', 'queued'] }) status!: 'offered' | 'queued';
  @ApiPropertyOptional({ format: 'uuid' }) agentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) offerId?: string;
  @ApiPropertyOptional({ enum: SALES_CHANNELS }) channel?: SalesChannel;
}

export class WrapUpDto {
  @ApiProperty({ example: 'answered', description: 'a code of GET /dispositions' })
  @IsString({ message: 'disposition must be a string' })
  @Matches(DISPOSITION_CODE, { message: 'disposition must be a disposition code of GET /dispositions' })
  disposition!: string;

  @ApiPropertyOptional({ maxLength: 10_000, description: 'stored as an internal note' })
  @IsOptional()
  @IsString({ message: 'note must be a string' })
  @MaxLength(10_000, { message: 'note must be at most 10000 characters' })
  note?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'required with callback_scheduled; in the future' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'callbackAt must be an ISO 8601 date-time' })
  callbackAt?: string;
}

export class WrapUpView {
  @ApiProperty() contactId!: string;
  @ApiProperty({ enum: ['closed', 'qualified'] }) status!: string;
  @ApiProperty() disposition!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) callbackTaskId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) noteId!: string | null;
}

export class DispositionView {
  @ApiProperty({ example: 'callback_scheduled' }) code!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'a wrap-up with it must give a future callbackAt' }) requiresCallbackAt!: boolean;
}

export class DispositionListView {
  @ApiProperty({ type: [DispositionView] }) items!: DispositionView[];
}

export class TransferTargetView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['available', 'away', 'offline'] }) presence!: string;
}
