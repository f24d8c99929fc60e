import { FakeClock } from '../../test/fakes/fake-clock';
import { FixedBusinessCalendar } from '../business-hours/business-calendar-source';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.schema';
import type { TimelineRepository } from '../timeline/timeline.repository';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPort, type Public } from '../../test/fakes/public';
import type {
  ContactAcknowledgementRepository,
  ContactToAcknowledge,
} from '../contacts/contact-acknowledgement.repository';
import { fakeOnceMailer } from '../../test/fakes/fake-mail-sends';
import { AcknowledgementService } from './acknowledgement.service';
import { MailSender, OutgoingMail, SentMail } from './mail-sender';

const config: AppConfig = validateEnv({
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://db/x',
  REDIS_URL: 'redis://r',
  MAIL_FROM: 'Sales <sales@example.com>',
});

const contactId = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
const personId = '9a9a9a9a-1111-4222-8333-444444444444';

/** The contact rows the acknowledgement reads, in memory. */
class FakeAcknowledgements implements Public<ContactAcknowledgementRepository> {
  readonly rows = new Map<string, ContactToAcknowledge>();

  find(id: string): Promise<ContactToAcknowledge | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? { ...row } : null);
  }

  markAcknowledged(id: string): Promise<void> {
    this.rows.get(id)!.acknowledgedAt = new Date('2026-06-01T09:00:00Z');
    return Promise.resolve();
  }
}

class RecordingMailSender extends MailSender {
  readonly sent: OutgoingMail[] = [];
  failWith: Error | null = null;

  send(mail: OutgoingMail): Promise<SentMail> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.sent.push(mail);
    return Promise.resolve({ transport: 'smtp', messageId: mail.messageId });
  }
}

const contact = (patch: Partial<ContactToAcknowledge> = {}): ContactToAcknowledge => ({
  id: contactId,
  medium: 'web',
  externalId: null,
  language: 'ja',
  fromName: '山田 太郎',
  fromEmail: 'taro@example.jp',
  personId,
  acknowledgedAt: null,
  ...patch,
});

function build(row: ContactToAcknowledge | null = contact()) {
  const contacts = new FakeAcknowledgements();
  if (row) contacts.rows.set(row.id, row);
  const timeline = new FakeTimeline();
  const unitOfWork = new FakeUnitOfWork();
  const mail = new RecordingMailSender();
  const once = fakeOnceMailer(mail, unitOfWork);
  const service = new AcknowledgementService(
    asPort<ContactAcknowledgementRepository>(contacts),
    asPort<TimelineRepository>(timeline),
    unitOfWork,
    once.mailer,
    config,
    new FixedBusinessCalendar(),
    new FakeClock(),
  );
  return { service, contacts, timeline, mail, ...once };
}

describe('AcknowledgementService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));

  it('sends a web contact one acknowledgement in its language, marks it and tells the timeline', async () => {
    const { service, contacts, timeline, mail, unitOfWork, sends } = build();
    expect(await service.acknowledge(contactId)).toBe('sent');
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]).toMatchObject({
      from: 'Sales <sales@example.com>',
      to: 'taro@example.jp',
      messageId: `<ack.${contactId}@example.com>`,
      headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'ja', 'X-Auto-Response-Suppress': 'All' },
    });
    expect(mail.sent[0].subject).toContain('【受付完了】');
    expect(mail.sent[0]).not.toHaveProperty('inReplyTo');
    expect(sends.status(`ack.${contactId}`)).toBe('sent');
    expect(contacts.rows.get(contactId)!.acknowledgedAt).not.toBeNull();
    expect(timeline.events).toEqual([
      expect.objectContaining({
        type: 'contact.acknowledged',
        actor: 'system',
        contactId,
        personId,
        data: { messageId: `<ack.${contactId}@example.com>`, language: 'ja', transport: 'smtp' },
      }),
    ]);
    // The send record commits before the SMTP call; the mark and the timeline after it, together.
    expect(unitOfWork.committed).toBe(2);
  });

  it('threads an e-mail contact under the customer’s own Message-ID, as an auto-reply', async () => {
    const { service, mail } = build(contact({ medium: 'email', externalId: '<m1@customer.example>', language: 'en' }));
    await service.acknowledge(contactId);
    expect(mail.sent[0]).toMatchObject({
      inReplyTo: '<m1@customer.example>',
      references: ['<m1@customer.example>'],
      headers: { 'Auto-Submitted': 'auto-replied', 'Content-Language': 'en' },
    });
  });

  it('does not thread under an external id that is not a Message-ID', async () => {
    const { service, mail } = build(contact({ medium: 'email', externalId: 'not a message id' }));
    await service.acknowledge(contactId);
    expect(mail.sent[0]).not.toHaveProperty('inReplyTo');
  });

  it('sends once: a redelivered job finds the contact acknowledged and changes nothing', async () => {
    const { service, mail, timeline } = build();
    await service.acknowledge(contactId);
    expect(await service.acknowledge(contactId)).toBe('already_acknowledged');
    expect(mail.sent).toHaveLength(1);
    expect(timeline.types(contactId)).toEqual(['contact.acknowledged']);
  });

  it.each([
    ['without an e-mail address', contact({ fromEmail: null })],
    ['by phone', contact({ medium: 'voice' })],
    ['by fax', contact({ medium: 'fax' })],
  ])('skips a contact %s', async (_label, row) => {
    const { service, mail, timeline, contacts } = build(row);
    expect(await service.acknowledge(contactId)).toBe('not_applicable');
    expect(mail.sent).toEqual([]);
    expect(timeline.events).toEqual([]);
    expect(contacts.rows.get(contactId)!.acknowledgedAt).toBeNull();
  });

  it('answers missing for a contact that does not exist', async () => {
    const { service, mail } = build(null);
    expect(await service.acknowledge(contactId)).toBe('missing');
    expect(mail.sent).toEqual([]);
  });

  it('leaves the contact unacknowledged when the mail server refuses, so the job retries', async () => {
    const { service, mail, contacts, timeline, sends } = build();
    mail.failWith = new Error('451 try again later');
    await expect(service.acknowledge(contactId)).rejects.toThrow('451');
    expect(contacts.rows.get(contactId)!.acknowledgedAt).toBeNull();
    expect(timeline.events).toEqual([]);
    expect(sends.status(`ack.${contactId}`)).toBe('retry');

    mail.failWith = null;
    expect(await service.acknowledge(contactId)).toBe('sent');
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0].messageId).toBe(`<ack.${contactId}@example.com>`);
  });

  it('never mails twice after a worker died mid-send: a retry waits, then gives the send up as uncertain', async () => {
    const { service, mail, sends, clock, contacts, uncertain, mailer } = build();
    const pauses: number[] = [];
    mailer.pause = (ms) => {
      pauses.push(ms);
      clock.advance(ms);
      return Promise.resolve();
    };
    // A worker committed the send record and died before (or while) the mail server answered.
    await sends.claim(`ack.${contactId}`, `<ack.${contactId}@example.com>`);
    expect(await service.acknowledge(contactId)).toBe('uncertain');
    expect(pauses.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(await service.acknowledge(contactId)).toBe('uncertain');
    expect(mail.sent).toEqual([]);
    expect(sends.status(`ack.${contactId}`)).toBe('uncertain');
    expect(uncertain.count).toBe(1);
    expect(contacts.rows.get(contactId)!.acknowledgedAt).toBeNull();
  });

  it('an attempt that finds another one sending waits for it and does not send again', async () => {
    const { service, mail, sends, mailer } = build();
    await sends.claim(`ack.${contactId}`, `<ack.${contactId}@example.com>`);
    mailer.pause = () => sends.markSent(`ack.${contactId}`);
    expect(await service.acknowledge(contactId)).toBe('already_acknowledged');
    expect(mail.sent).toEqual([]);
  });

  it('a send that succeeded but whose worker died before marking it is not sent again', async () => {
    const { service, mail, sends } = build();
    await sends.claim(`ack.${contactId}`, `<ack.${contactId}@example.com>`);
    await sends.markSent(`ack.${contactId}`);
    expect(await service.acknowledge(contactId)).toBe('already_acknowledged');
    expect(mail.sent).toEqual([]);
  });
});
