import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, InjectConfig } from '../config/app-config';
import { messageIdDomain } from '../mail/mail-address';
import { OnceMailer } from '../mail/once-mailer';
import type { DealMailJob } from '../queues/job-catalogue';
import { type Lead, leadSummary } from '../routing/leads/lead';
import { LeadRepository } from '../routing/leads/lead.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { BackofficeTaskRepository } from './backoffice-task.repository';
import { type MailRecipient, TeamInvitationRepository } from './team-invitation.repository';

export type DealMailOutcome = 'sent' | 'no_recipient' | 'missing';

/**
 * Mail of the deal desk, sent by the routing-mail worker (never inside a request), each at most
 * once (OnceMailer): an expert's team invitation, a deal's outcome to the relationship owner, an
 * overdue back-office task to the supervisors. Plain English text, like the routing mail to staff.
 */
@Injectable()
export class DealMailService {
  private readonly logger = new Logger(DealMailService.name);

  constructor(
    private readonly leads: LeadRepository,
    private readonly invitations: TeamInvitationRepository,
    private readonly tasks: BackofficeTaskRepository,
    private readonly timeline: TimelineRepository,
    private readonly mail: OnceMailer,
    @InjectConfig() private readonly config: Pick<AppConfig, 'MAIL_FROM'>,
  ) {}

  async send(job: DealMailJob): Promise<DealMailOutcome> {
    switch (job.kind) {
      case 'team_invitation':
        return this.teamInvitation(job.invitationId);
      case 'deal_outcome':
        return this.dealOutcome(job.leadId, job.recipientId);
      case 'backoffice_overdue':
        return this.backofficeOverdue(job.taskId);
    }
  }

  private async teamInvitation(invitationId: string): Promise<DealMailOutcome> {
    const invitation = await this.invitations.findById(invitationId);
    const lead = invitation ? await this.leads.findById(invitation.leadId) : null;
    const to = invitation ? await this.invitations.recipient(invitation.expertId) : null;
    if (!invitation || !lead) return 'missing';
    if (!to) return 'no_recipient';
    await this.deliver(lead, 'team_invitation', to, `team-invitation.${invitationId}`, {
      subject: `Invitation to a proposal team: ${invitation.role}`,
      text: [
        `You are invited to the proposal team of a deal as ${invitation.role}: ${leadSummary(lead)}.`,
        '',
        'Please accept or decline it in the console.',
        '',
        `Invitation: ${invitationId}`,
        `Lead: ${lead.id}`,
      ].join('\n'),
    });
    return 'sent';
  }

  private async dealOutcome(leadId: string, recipientId: string): Promise<DealMailOutcome> {
    const lead = await this.leads.findById(leadId);
    if (!lead || (lead.maturity !== 'won' && lead.maturity !== 'lost')) return 'missing';
    const to = await this.invitations.recipient(recipientId);
    if (!to) return 'no_recipient';
    const amount = lead.amount === null ? '' : ` (amount ${lead.amount})`;
    await this.deliver(lead, 'deal_outcome', to, `deal-outcome.${leadId}.${recipientId}`, {
      subject: `Deal ${lead.maturity}: ${lead.fromCompany ?? lead.fromName ?? 'your account'}`,
      text: [
        `The opportunity you discovered was ${lead.maturity}${amount}: ${leadSummary(lead)}.`,
        '',
        `Why: ${lead.outcomeReason ?? 'not given'}`,
        '',
        `Lead: ${lead.id}`,
      ].join('\n'),
    });
    return 'sent';
  }

  private async backofficeOverdue(taskId: string): Promise<DealMailOutcome> {
    const task = await this.tasks.findById(taskId);
    if (!task) return 'missing';
    const supervisors = await this.tasks.supervisorRecipients();
    if (supervisors.length === 0) return 'no_recipient';
    const lead = task.leadId ? await this.leads.findById(task.leadId) : null;
    for (const [i, to] of supervisors.entries()) {
      await this.deliver(lead, 'backoffice_overdue', to, `backoffice-overdue.${taskId}.${i}`, {
        subject: `Back-office task overdue: ${task.kind}`,
        text: [
          `The ${task.kind} task of ${task.summary} was due at ${task.dueAt.toISOString()} and is still ${task.status}.`,
          '',
          `Task: ${task.id}`,
        ].join('\n'),
      });
    }
    return 'sent';
  }

  private async deliver(
    lead: Lead | null,
    kind: DealMailJob['kind'],
    to: MailRecipient,
    key: string,
    content: { subject: string; text: string },
  ): Promise<void> {
    const domain = messageIdDomain(this.config.MAIL_FROM);
    const result = await this.mail.send(
      key,
      {
        from: this.config.MAIL_FROM,
        to: to.email,
        subject: content.subject,
        text: `Hello ${to.name},\n\n${content.text}\n`,
        messageId: `<${key}@${domain}>`,
        headers: { 'Auto-Submitted': 'auto-generated' },
      },
      async (sent) => {
        if (!lead) return;
        await this.timeline.append({
          type: 'deals.mail_sent',
          actor: 'system',
          contactId: lead.contactId,
          personId: lead.personId,
          data: { kind, leadId: lead.id, transport: sent.transport },
        });
      },
    );
    if (result.outcome === 'uncertain') this.logger.warn({ kind, key }, 'deal mail uncertain');
    else if (result.outcome === 'sent') this.logger.log({ kind, key }, 'deal mail sent');
  }
}
