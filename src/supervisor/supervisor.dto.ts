import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../users/user.types';

export class QueueDepthView {
  @ApiProperty() name!: string;
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() prioritized!: number;
  @ApiProperty({ description: 'dead letters kept for a week' }) failed!: number;
  @ApiProperty() completed!: number;
}

export class WaitingView {
  @ApiProperty({ enum: ['e_coverage', 'e_sales', 'demand_generation', 'unclassified'] }) channel!: string;
  @ApiProperty({ description: 'contacts received, queued or offered, not yet accepted by an agent' })
  count!: number;
  @ApiProperty({ description: 'of those, waiting longer than slaSeconds' }) overSla!: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) oldestWaitSeconds!: number | null;
}

export class ContactCountsView {
  @ApiProperty({ description: 'status -> count', type: Object }) byStatus!: Record<string, number>;
  @ApiProperty({ description: 'channel -> status -> count', type: Object })
  byChannel!: Record<string, Record<string, number>>;
  @ApiProperty({ description: 'medium -> count', type: Object }) byMedium!: Record<string, number>;
}

export class AgentView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ enum: ['available', 'away', 'offline'], description: 'as last recorded (agent_profile)' })
  presence!: 'available' | 'away' | 'offline';
  @ApiPropertyOptional({ type: String, nullable: true }) presenceChangedAt!: string | null;
  @ApiProperty({ description: 'contacts this user is working (active assignments)' }) openAssignments!: number;
  @ApiProperty({ description: 'offers waiting for this user to accept or decline' }) pendingOffers!: number;
  @ApiProperty({ description: 'field leads offered to this deal specialist, not yet accepted' }) openHandoffs!: number;
}

export class HandoffSlaView {
  @ApiProperty({ description: 'field leads offered to a deal specialist, not yet accepted' }) open!: number;
  @ApiProperty({ description: 'of those, past their acceptance deadline' }) overdue!: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the earliest acceptance deadline' })
  nextDueAt!: string | null;
}

export class SupervisorOverview {
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ description: 'a contact waiting longer than this is over its SLA' }) slaSeconds!: number;
  @ApiProperty({ description: 'contacts counted: every open one, and the others created within this many hours' })
  windowHours!: number;
  @ApiProperty({ type: [QueueDepthView] }) queues!: QueueDepthView[];
  @ApiProperty({ type: ContactCountsView }) contacts!: ContactCountsView;
  @ApiProperty({ type: [WaitingView] }) waiting!: WaitingView[];
  @ApiProperty({ type: HandoffSlaView }) handoffs!: HandoffSlaView;
  @ApiProperty({ type: [AgentView], description: 'users holding the agent or deal_specialist role' })
  agents!: AgentView[];
}
