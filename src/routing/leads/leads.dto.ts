import { PageLimit } from '../../common/query-params';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { TimelineEventView } from '../../contacts/contact.dto';
import { ROUTES, type Route } from '../domain/channel-matrix';
import { AssigneeView } from './qualification.dto';

export class ListLeadsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only stalled (true) or only not stalled (false)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'stalled must be true or false' })
  stalled?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ROUTES })
  @IsOptional()
  @IsIn(ROUTES, { message: `route must be one of ${ROUTES.join(', ')}` })
  route?: Route;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the leads of one customer account' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @PageLimit()
  limit?: number;
}

export class HandoffView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) specialistId!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String] }) triedIds!: string[];
  @ApiProperty() offeredAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) dueAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decisionReason!: string | null;
}

export class LeadSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() contactId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) customerId!: string | null;
  @ApiProperty() revenueTier!: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) estimatedRevenue!: number | null;
  @ApiProperty() complexity!: string;
  @ApiProperty({ type: [String] }) productLines!: string[];
  @ApiProperty() integration!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) territory!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) industry!: string | null;
  @ApiProperty() maturity!: string;
  @ApiProperty() stageEnteredAt!: string;
  @ApiProperty({ type: Object }) qualification!: Record<string, unknown>;
  @ApiProperty({ enum: ROUTES }) route!: Route;
  @ApiProperty() matrixVersion!: number;
  @ApiPropertyOptional({ type: AssigneeView, nullable: true }) assignee!: AssigneeView | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the deal specialist the lead is offered to or with',
  })
  assigneeId!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'who may move it: the deal specialist who accepted the handoff, else the agent who qualified it',
  })
  ownerId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the agent who qualified it' })
  qualifiedById!: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "the account's relationship owner, who discovered the deal and is told of its outcome",
  })
  relationshipOwnerId!: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) amount!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) expectedCloseAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) closedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) outcomeReason!: string | null;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) stalledAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) followUpAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class LeadView extends LeadSummaryView {
  @ApiProperty({ type: [HandoffView] }) handoffs!: HandoffView[];
  @ApiProperty({
    type: [TimelineEventView],
    description: "the contact's timeline: offers, qualification, route, handoffs",
  })
  history!: TimelineEventView[];
}

export class HandoffDecisionDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
