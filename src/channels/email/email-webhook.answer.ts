import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EmailOutcome } from './email-intake.service';

/** What a provider is told: stored (with the contact), or accepted and dropped (with the reason). */
export class EmailWebhookAnswer {
  @ApiProperty({ enum: ['stored', 'ignored'] }) status!: 'stored' | 'ignored';
  @ApiPropertyOptional({ format: 'uuid' }) contactId?: string;
  @ApiPropertyOptional({ description: 'true when the mail joined an existing contact as a reply' })
  followUp?: boolean;
  @ApiPropertyOptional({ enum: ['bounce', 'auto_reply', 'mailing_list', 'spam'] }) reason?: string;
}

export const answerOf = (outcome: Exclude<EmailOutcome, { status: 'refused' }>): EmailWebhookAnswer =>
  outcome.status === 'stored'
    ? { status: 'stored', contactId: outcome.contactId, followUp: outcome.followUp }
    : { status: 'ignored', reason: outcome.reason };
