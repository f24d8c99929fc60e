import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, InjectConfig } from '../config/app-config';
import { messageIdDomain } from '../mail/mail-address';
import { OnceMailer } from '../mail/once-mailer';
import type { RoutingMailJob } from '../queues/job-catalogue';
import { TimelineRepository } from '../timeline/timeline.repository';
import { HandoffRepository, MailRecipient } from './leads/handoff.repository';
import { Lead, leadSummary } from './leads/lead';
import { LeadRepository } from './leads/lead.repository';
import { PartnerRepository } from './partners/partner.repository';

export type RoutingMailOutcome = 'sent' | 'no_recipient' | 'missing';

/**
 * Mail about routing, sent by the routing-mail worker (never inside a request): a handoff to a deal
 * specialist, an escalation to the supervisors, a referral to a partner. Plain text in English:
 * these go to staff and partners, who share the working language of the sales organisation.
 */
@Injectable()
export class RoutingMailService {
  private readonly logger = new Logger(RoutingMailService.name);

  constructor(
    private readonly leads: LeadRepository,
    private readonly handoffs: HandoffRepository,
    private readonly partners: PartnerRepository,
    private readonly timeline: TimelineRepository,
    private readonly mail: OnceMailer,
    @InjectConfig() private readonly config: Pick<AppConfig, 'MAIL_FROM'>,
  ) {}

  async send(job: RoutingMailJob): Promise<RoutingMailOutcome> {
    switch (job.kind) {
      case 'handoff_offered':
        return this.handoffOffered(job.handoffId);
      case 'handoff_escalated':
        return this.handoffEscalated(job.handoffId);
      case 'partner_referral':
        return this.partnerReferral(job.leadId, job.cause);
    }
  }

  private async handoffOffered(handoffId: string): Promise<RoutingMailOutcome> {
    const handoff = await this.handoffs.findById(handoffId);
    const specialist = handoff ? await this.handoffs.specialistRecipient(handoffId) : null;
    const lead = handoff && specialist ? await this.leads.findById(handoff.leadId) : null;
    if (!handoff || !specialist || !lead) return 'missing';
    const due = handoff.dueAt ? handoff.dueAt.toISOString() : 'the deadline';
    await this.deliver(lead, 'handoff_offered', [specialist], `handoff.${handoffId}`, {
      subject: `New opportunity for you: accept by ${due}`,
      text: [
        `A qualified opportunity was routed to you: ${leadSummary(lead)}.`,
        '',
        `Why you: ${handoff.reason}`,
        `Please accept or decline it in the console before ${due}; after that it moves to the next deal specialist.`,
        '',
        `Lead: ${lead.id}`,
      ].join('\n'),
    });
    return 'sent';
  }

  private async handoffEscalated(handoffId: string): Promise<RoutingMailOutcome> {
    const handoff = await this.handoffs.findById(handoffId);
    const lead = handoff ? await this.leads.findById(handoff.leadId) : null;
    if (!handoff || !lead) return 'missing';
    const supervisors = await this.handoffs.escalationRecipients();
    if (supervisors.length === 0) {
      this.logger.warn({ handoffId }, 'handoff escalated but there is no active supervisor to tell');
      return 'no_recipient';
    }
    await this.deliver(lead, 'handoff_escalated', supervisors, `handoff-escalated.${handoffId}`, {
      subject: `Opportunity without a deal specialist: please assign it`,
      text: [
        `No deal specialist took this opportunity: ${leadSummary(lead)}.`,
        '',
        `Why: ${handoff.reason}`,
        '',
        `Lead: ${lead.id}`,
      ].join('\n'),
    });
    return 'sent';
  }

  private async partnerReferral(leadId: string, cause?: string): Promise<RoutingMailOutcome> {
    const lead = await this.leads.findById(leadId);
    const partner = lead?.partnerId ? await this.partners.findById(lead.partnerId) : null;
    if (!lead || !partner) return 'missing';
    const recipient = { name: partner.name, email: partner.email };
    // A re-qualification (a new cause) refers again: its send record is its own.
    const referral = `partner-referral.${lead.id}.${partner.id}`;
    await this.deliver(
      lead,
      'partner_referral',
      [recipient],
      referral,
      {
        subject: `Referral: ${lead.complexity} solution for a ${lead.revenueTier} account`,
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
      },
      cause ? `${referral}.${cause}` : referral,
    );
    return 'sent';
  }

  /**
   * One mail per recipient, each at most once (OnceMailer: a send record `<keyBase>.<i>` committed
   * before the SMTP call). The timeline's `routing.mail_sent` is written with the record of the
   * last recipient's send, so a redelivered job that finds every mail sent writes nothing again.
   */
  private async deliver(
    lead: Lead,
    kind: RoutingMailJob['kind'],
    recipients: MailRecipient[],
    idBase: string,
    content: { subject: string; text: string },
    keyBase = idBase,
  ): Promise<void> {
    const domain = messageIdDomain(this.config.MAIL_FROM);
    const transports: string[] = [];
    let sentNow = 0;
    for (const [i, recipient] of recipients.entries()) {
      const last = i === recipients.length - 1;
      const key = `${keyBase}.${i}`;
      const result = await this.mail.send(
        key,
        {
          from: this.config.MAIL_FROM,
          to: recipient.email,
          subject: content.subject,
          text: `Hello ${recipient.name},\n\n${content.text}\n`,
          messageId: `<${idBase}.${i}@${domain}>`,
          headers: { 'Auto-Submitted': 'auto-generated' },
        },
        async (sent) => {
          transports.push(sent.transport);
          sentNow++;
          if (!last) return;
          await this.timeline.append({
            type: 'routing.mail_sent',
            actor: 'system',
            contactId: lead.contactId,
            personId: lead.personId,
            data: { kind, leadId: lead.id, recipients: recipients.length, transport: transports[0] ?? null },
          });
        },
      );
      if (result.outcome === 'uncertain') this.logger.warn({ kind, leadId: lead.id, key }, 'routing mail uncertain');
    }
    if (sentNow > 0) this.logger.log({ kind, leadId: lead.id, recipients: recipients.length }, 'routing mail sent');
  }
}
