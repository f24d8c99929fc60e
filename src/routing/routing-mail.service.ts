import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, InjectConfig } from '../config/app-config';
import { messageIdDomain } from '../mail/mail-address';
import { MailSender } from '../mail/mail-sender';
import type { RoutingMailJob } from '../queues/job-catalogue';
import { appendTimeline } from '../timeline/timeline';
import { LeadRow, leadSummary, readLead } from './leads/lead-row';

export type RoutingMailOutcome = 'sent' | 'no_recipient' | 'missing';

interface Recipient {
  name: string;
  email: string;
}

/**
 * Mail about routing, sent by the routing-mail worker (never inside a request): a handoff to a deal
 * specialist, an escalation to the supervisors, a referral to a partner. Plain text in English:
 * these go to staff and partners, who share the working language of the sales organisation.
 */
@Injectable()
export class RoutingMailService {
  private readonly logger = new Logger(RoutingMailService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailSender,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async send(job: RoutingMailJob): Promise<RoutingMailOutcome> {
    switch (job.kind) {
      case 'handoff_offered':
        return this.handoffOffered(job.handoffId);
      case 'handoff_escalated':
        return this.handoffEscalated(job.handoffId);
      case 'partner_referral':
        return this.partnerReferral(job.leadId);
    }
  }

  private async handoffOffered(handoffId: string): Promise<RoutingMailOutcome> {
    const [row] = await this.dataSource.query<
      { lead_id: string; due_at: Date; reason: string; name: string; email: string }[]
    >(
      `SELECT h.lead_id, h.due_at, h.reason, u.name, u.email FROM handoff h JOIN app_user u ON u.id = h.specialist_id
        WHERE h.id = $1`,
      [handoffId],
    );
    const lead = row ? await readLead(this.dataSource.manager, { id: row.lead_id }) : null;
    if (!row || !lead) return 'missing';
    const due = new Date(row.due_at).toISOString();
    await this.deliver(lead, 'handoff_offered', [row], `handoff.${handoffId}`, {
      subject: `New opportunity for you: accept by ${due}`,
      text: [
        `A qualified opportunity was routed to you: ${leadSummary(lead)}.`,
        '',
        `Why you: ${row.reason}`,
        `Please accept or decline it in the console before ${due}; after that it moves to the next deal specialist.`,
        '',
        `Lead: ${lead.id}`,
      ].join('\n'),
    });
    return 'sent';
  }

  private async handoffEscalated(handoffId: string): Promise<RoutingMailOutcome> {
    const [row] = await this.dataSource.query<{ lead_id: string; reason: string }[]>(
      `SELECT lead_id, reason FROM handoff WHERE id = $1`,
      [handoffId],
    );
    const lead = row ? await readLead(this.dataSource.manager, { id: row.lead_id }) : null;
    if (!row || !lead) return 'missing';
    const supervisors = await this.dataSource.query<Recipient[]>(
      `SELECT name, email FROM app_user WHERE active AND 'supervisor' = ANY(roles) ORDER BY email`,
    );
    if (supervisors.length === 0) {
      this.logger.warn({ handoffId }, 'handoff escalated but there is no active supervisor to tell');
      return 'no_recipient';
    }
    await this.deliver(lead, 'handoff_escalated', supervisors, `handoff-escalated.${handoffId}`, {
      subject: `Opportunity without a deal specialist: please assign it`,
      text: [
        `No deal specialist took this opportunity: ${leadSummary(lead)}.`,
        '',
        `Why: ${row.reason}`,
        '',
        `Lead: ${lead.id}`,
      ].join('\n'),
    });
    return 'sent';
  }

  private async partnerReferral(leadId: string): Promise<RoutingMailOutcome> {
    const lead = await readLead(this.dataSource.manager, { id: leadId });
    if (!lead?.partner_id) return 'missing';
    const [partner] = await this.dataSource.query<Recipient[]>(`SELECT name, email FROM partner WHERE id = $1`, [
      lead.partner_id,
    ]);
    if (!partner) return 'missing';
    await this.deliver(lead, 'partner_referral', [partner], `partner-referral.${lead.id}.${lead.partner_id}`, {
      subject: `Referral: ${lead.complexity} solution for a ${lead.revenue_tier} account`,
      text: [
        `We refer an opportunity to you: ${leadSummary(lead)}.`,
        lead.territory ? `Region: ${lead.territory}` : null,
        '',
        `Why you: ${lead.reason}`,
        '',
        `Reference: ${lead.id}`,
      ]
        .filter((line): line is string => line !== null)
        .join('\n'),
    });
    return 'sent';
  }

  private async deliver(
    lead: LeadRow,
    kind: RoutingMailJob['kind'],
    recipients: Recipient[],
    idBase: string,
    content: { subject: string; text: string },
  ): Promise<void> {
    const domain = messageIdDomain(this.config.MAIL_FROM);
    const transports: string[] = [];
    for (const [i, recipient] of recipients.entries()) {
      const sent = await this.mail.send({
        from: this.config.MAIL_FROM,
        to: recipient.email,
        subject: content.subject,
        text: `Hello ${recipient.name},\n\n${content.text}\n`,
        messageId: `<${idBase}.${i}@${domain}>`,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      transports.push(sent.transport);
    }
    await appendTimeline(this.dataSource.manager, {
      type: 'routing.mail_sent',
      actor: 'system',
      contactId: lead.contact_id,
      personId: lead.person_id,
      data: { kind, leadId: lead.id, recipients: recipients.length, transport: transports[0] ?? null },
    });
    this.logger.log({ kind, leadId: lead.id, recipients: recipients.length }, 'routing mail sent');
  }
}
