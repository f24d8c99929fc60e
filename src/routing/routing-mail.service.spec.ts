import { Logger } from '@nestjs/common';
import type { TimelineRepository } from '../timeline/timeline.repository';
import { FakeHandoffRepository, FakeLeadRepository, FakePartnerRepository } from '../../test/fakes/fake-leads';
import { fakeOnceMailer } from '../../test/fakes/fake-mail-sends';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { asPort } from '../../test/fakes/public';
import { MailSender, OutgoingMail, SentMail } from '../mail/mail-sender';
import type { HandoffRepository } from './leads/handoff.repository';
import type { LeadRepository } from './leads/lead.repository';
import type { PartnerRepository } from './partners/partner.repository';
import { RoutingMailService } from './routing-mail.service';

const SPECIALIST = '00000000-0000-4000-8000-0000000005e1';

class RecordingMailSender extends MailSender {
  readonly sent: OutgoingMail[] = [];
  send(mail: OutgoingMail): Promise<SentMail> {
    this.sent.push(mail);
    return Promise.resolve({ transport: 'log', messageId: mail.messageId });
  }
}

function setup() {
  const leads = new FakeLeadRepository();
  const handoffs = new FakeHandoffRepository();
  handoffs.names.set(SPECIALIST, { name: 'Sam', email: 'sam@example.com' });
  const partners = new FakePartnerRepository();
  const timeline = new FakeTimeline();
  const mail = new RecordingMailSender();
  const once = fakeOnceMailer(mail);
  const service = new RoutingMailService(
    asPort<LeadRepository>(leads),
    asPort<HandoffRepository>(handoffs),
    asPort<PartnerRepository>(partners),
    asPort<TimelineRepository>(timeline),
    once.mailer,
    { MAIL_FROM: 'Sales <sales@example.com>' },
  );
  const lead = leads.seed({ contactId: '00000000-0000-4000-8000-00000000c001' });
  return { leads, handoffs, partners, timeline, mail, service, lead, sends: once.sends };
}

describe('RoutingMailService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('mails the specialist a handoff with its due time, and notes it on the timeline', async () => {
    const { service, handoffs, mail, timeline, lead } = setup();
    const dueAt = new Date('2026-06-01T13:00:00.000Z');
    const handoff = await handoffs.offer({
      leadId: lead.id,
      specialistId: SPECIALIST,
      reason: 'covers north',
      triedIds: [SPECIALIST],
      dueAt,
    });

    await expect(service.send({ kind: 'handoff_offered', handoffId: handoff.id })).resolves.toBe('sent');
    expect(mail.sent).toMatchObject([
      { to: 'sam@example.com', subject: `New opportunity for you: accept by ${dueAt.toISOString()}` },
    ]);
    expect(mail.sent[0].messageId).toBe(`<handoff.${handoff.id}.0@example.com>`);
    expect(mail.sent[0].text).toContain('Why you: covers north');
    expect(timeline.events).toMatchObject([
      { type: 'routing.mail_sent', data: { kind: 'handoff_offered', leadId: lead.id, recipients: 1 } },
    ]);
  });

  it('mails every active supervisor about an escalation, or nobody when there is none', async () => {
    const { service, handoffs, mail, lead } = setup();
    const handoff = await handoffs.escalate({ leadId: lead.id, reason: 'no deal specialists', triedIds: [] });

    await expect(service.send({ kind: 'handoff_escalated', handoffId: handoff.id })).resolves.toBe('no_recipient');
    handoffs.supervisors = [
      { name: 'Una', email: 'una@example.com' },
      { name: 'Vic', email: 'vic@example.com' },
    ];
    await expect(service.send({ kind: 'handoff_escalated', handoffId: handoff.id })).resolves.toBe('sent');
    expect(mail.sent.map((m) => m.to)).toEqual(['una@example.com', 'vic@example.com']);
  });

  it('sends each mail once: a redelivered job mails nobody again and notes nothing again', async () => {
    const { service, handoffs, mail, timeline, lead, sends } = setup();
    const handoff = await handoffs.escalate({ leadId: lead.id, reason: 'no deal specialists', triedIds: [] });
    handoffs.supervisors = [
      { name: 'Una', email: 'una@example.com' },
      { name: 'Vic', email: 'vic@example.com' },
    ];
    await service.send({ kind: 'handoff_escalated', handoffId: handoff.id });
    await service.send({ kind: 'handoff_escalated', handoffId: handoff.id });
    expect(mail.sent).toHaveLength(2);
    expect(timeline.events.filter((e) => e.type === 'routing.mail_sent')).toHaveLength(1);
    expect(sends.status(`handoff-escalated.${handoff.id}.1`)).toBe('sent');
  });

  it('refers a lead to its partner', async () => {
    const { service, partners, leads, mail, lead } = setup();
    const partner = partners.add({ name: 'Northwind' });
    leads.leads.set(lead.id, { ...lead, route: 'partner', partnerId: partner.id });

    await expect(service.send({ kind: 'partner_referral', leadId: lead.id, cause: '12' })).resolves.toBe('sent');
    expect(mail.sent).toMatchObject([{ to: partner.email, subject: 'Referral: complex solution for a large account' }]);
  });

  it('answers missing for a handoff, lead or partner that is gone', async () => {
    const { service, mail, lead } = setup();
    const gone = '00000000-0000-4000-8000-00000000dead';
    await expect(service.send({ kind: 'handoff_offered', handoffId: gone })).resolves.toBe('missing');
    await expect(service.send({ kind: 'handoff_escalated', handoffId: gone })).resolves.toBe('missing');
    await expect(service.send({ kind: 'partner_referral', leadId: lead.id })).resolves.toBe('missing');
    expect(mail.sent).toEqual([]);
  });
});
