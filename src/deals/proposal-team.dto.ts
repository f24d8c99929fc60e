import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class InviteExpertDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'expertId must be a UUID' })
  expertId!: string;

  @ApiProperty({ example: 'solution architect', maxLength: 64 })
  @Transform(trim)
  @IsString({ message: 'role must be a text' })
  @MinLength(1, { message: 'role is required' })
  @MaxLength(64, { message: 'role must be at most 64 characters' })
  role!: string;
}

export class InvitationDecisionDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'reason must be a text' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason?: string;
}

export class RankedExpertView {
  @ApiProperty() expertId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: '0..100' }) score!: number;
  @ApiProperty() rank!: number;
  @ApiProperty({ description: 'product-line and industry fit, 0..1' }) fit!: number;
  @ApiProperty({ description: 'smoothed, decayed win rate' }) winRate!: number;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'already invited or on the team' })
  invitation!: string | null;
}

export class TeamMemberView {
  @ApiProperty() invitationId!: string;
  @ApiProperty() teamId!: string;
  @ApiProperty() leadId!: string;
  @ApiProperty() expertId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) expertName!: string | null;
  @ApiProperty() role!: string;
  @ApiProperty({ enum: ['invited', 'accepted', 'declined'] }) status!: string;
  @ApiProperty() invitedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['won', 'lost'] }) outcome!: string | null;
}

export class TeamView {
  @ApiPropertyOptional({ type: String, nullable: true }) teamId!: string | null;
  @ApiProperty() leadId!: string;
  @ApiProperty({ type: [TeamMemberView] }) members!: TeamMemberView[];
}

export class ExpertRecordView {
  @ApiProperty() expertId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) productLines!: string[];
  @ApiProperty({ type: [String] }) industries!: string[];
  @ApiProperty() invited!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() declined!: number;
  @ApiProperty({ description: 'deals proposed on (accepted teams)' }) proposals!: number;
  @ApiProperty() won!: number;
  @ApiProperty() lost!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'won / (won + lost), raw' }) winRate!:
    number | null;
  @ApiProperty({ description: 'smoothed and decayed, as the ranking uses it' }) rankingWinRate!: number;
  @ApiProperty() openTeams!: number;
  @ApiProperty({ type: [TeamMemberView], description: 'open invitations to answer' }) pending!: TeamMemberView[];
}
