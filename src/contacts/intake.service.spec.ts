import { AttachmentRepository } from '../attachments/attachment.repository';
import { DomainError } from '../common/domain-error';
import { JobName } from '../queues/queue.constants';
import { TimelineRepository } from '../timeline/timeline.repository';
import { FakeBlobStorage } from '../../test/fakes/fake-blob-storage';
import { FakeClock } from '../../test/fakes/fake-clock';
import {
  aContact,
  FakeAttachmentRepository,
  FakeContactMessageRepository,
  FakeContactRepository,
} from '../../test/fakes/fake-contacts';
import { FakeJobQueue } from '../../test/fakes/fake-job-queue';
import { FakeNewContactWriter } from '../../test/fakes/fake-new-contact-writer';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPort } from '../../test/fakes/public';
import { ContactMessageAdded, ContactMessageFeed } from './contact-message-feed';
import { ContactMessageRepository } from './contact-message.repository';
import { ContactRepository } from './contact.repository';
import type { InboundAttachment, InboundContact, InboundFollowUp } from './contact.types';
import { IntakeService } from './intake.service';

const webForm = (overrides: Partial<InboundContact> = {}): InboundContact => ({
  medium: 'web',
  source: 'web',
  externalId: 'key-1',
  requestHash: 'hash-1',
  inquiryType: 'quote',
  language: 'en',
  from: { name: 'Taro', email: 'taro@acme.co.jp' },
  body: 'a quote, please',
  ...overrides,
});

describe('IntakeService', () => {
  let unitOfWork: FakeUnitOfWork;
  let contacts: FakeContactRepository;
  let messages: FakeContactMessageRepository;
  let attachments: FakeAttachmentRepository;
  let timeline: FakeTimeline;
  let jobs: FakeJobQueue;
  let storage: FakeBlobStorage;
  let clock: FakeClock;
  let feed: ContactMessageFeed;
  let announced: ContactMessageAdded[];
  let intake: IntakeService;
  let writer: FakeNewContactWriter;

  beforeEach(() => {
    unitOfWork = new FakeUnitOfWork();
    contacts = new FakeContactRepository();
    messages = new FakeContactMessageRepository();
    attachments = new FakeAttachmentRepository();
    timeline = new FakeTimeline();
    jobs = new FakeJobQueue();
    storage = new FakeBlobStorage();
    clock = new FakeClock();
    feed = new ContactMessageFeed();
    feed.subscribe((e) => announced.push(e));
    announced = [];
    writer = new FakeNewContactWriter(contacts, messages, timeline, jobs);
    intake = new IntakeService(
      unitOfWork,
      asPort<ContactRepository>(contacts),
      asPort<ContactMessageRepository>(messages),
      asPort<AttachmentRepository>(attachments),
      asPort<TimelineRepository>(timeline),
      jobs,
      storage,
      clock,
      feed,
      writer,
    );
  });

  const attachment = (): InboundAttachment => ({
    kind: 'attachment',
    filename: 'spec.pdf',
    contentType: 'application/pdf',
    blob: storage.stored(),
  });

  describe('a new contact', () => {
    it('drafts the contact, its received event and its jobs for the writer, in one write', async () => {
      const result = await intake.accept(webForm());
      expect(result.created).toBe(true);
      expect(result.contact).toMatchObject({ status: 'received', source: 'web', externalId: 'key-1' });
      expect(timeline.events).toEqual([
        expect.objectContaining({
          type: 'contact.received',
          actor: 'customer',
          contactId: result.contact.id,
          data: { medium: 'web', source: 'web', inquiryType: 'quote' },
        }),
      ]);
      expect(jobs.jobs.map((j) => j.id)).toEqual([
        `${JobName.ProcessContact}.${result.contact.id}`,
        `${JobName.AcknowledgeContact}.${result.contact.id}`,
      ]);
      expect(writer.drafts).toHaveLength(1);
      expect(writer.drafts[0].id).toBe(result.contact.id);
      // The writer's statement settles retries (unique index); no lock, no unit of work of its own.
      expect(contacts.providerLocks).toEqual([]);
      expect(unitOfWork.committed).toBe(0);
    });

    it('writes a contact with attachments in a unit of work, under its provider id lock', async () => {
      const result = await intake.accept(webForm({ attachments: [attachment()] }));
      expect(result.created).toBe(true);
      expect(writer.drafts).toHaveLength(0);
      expect(contacts.providerLocks).toEqual(['web\nkey-1']);
      expect(unitOfWork.committed).toBe(1);
      expect(jobs.named(JobName.ProcessContact)).toHaveLength(1);
    });

    it('asks no acknowledgement of a caller, nor of anyone without an e-mail address', async () => {
      await intake.accept(webForm({ medium: 'voice', source: 'twilio', externalId: 'CA1', from: { phone: '+81' } }));
      await intake.accept(webForm({ externalId: 'key-2', from: { name: 'no address' } }));
      expect(jobs.named(JobName.AcknowledgeContact)).toEqual([]);
      expect(jobs.named(JobName.ProcessContact)).toHaveLength(2);
    });

    it('names the provider as the actor of a provider-delivered contact', async () => {
      await intake.accept(webForm({ medium: 'email', source: 'sendgrid', externalId: '<m1@acme>' }));
      expect(timeline.events[0].actor).toBe('provider:sendgrid');
    });

    it('links its attachments to the contact and keeps their blobs', async () => {
      const file = attachment();
      const { contact } = await intake.accept(webForm({ attachments: [file] }));
      expect(attachments.rows).toEqual([
        expect.objectContaining({ contactId: contact.id, messageId: null, storageKey: file.blob.key }),
      ]);
      expect(storage.removed).toEqual([]);
    });

    it('strips NUL characters PostgreSQL text cannot hold', async () => {
      const { contact } = await intake.accept(webForm({ body: 'a\u0000b', subject: 'x\u0000' }));
      expect(contact).toMatchObject({ body: 'ab', subject: 'x' });
    });
  });

  describe('a retry of the same provider id', () => {
    it('creates nothing and answers the first contact', async () => {
      const first = await intake.accept(webForm());
      const before = { events: timeline.events.length, jobs: jobs.jobs.length, rows: contacts.rows.size };
      const retry = await intake.accept(webForm());
      expect(retry).toEqual({ contact: first.contact, created: false });
      expect({ events: timeline.events.length, jobs: jobs.jobs.length, rows: contacts.rows.size }).toEqual(before);
    });

    it('removes the blobs the retry brought', async () => {
      await intake.accept(webForm());
      const file = attachment();
      await intake.accept(webForm({ attachments: [file] }));
      expect(storage.removed).toEqual([file.blob.key]);
      expect(attachments.rows).toEqual([]);
    });

    it('refuses an idempotency key reused for a different request with a 422 DomainError', async () => {
      await intake.accept(webForm());
      const reuse = intake.accept(webForm({ requestHash: 'another-hash' }));
      await expect(reuse).rejects.toBeInstanceOf(DomainError);
      await expect(reuse).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    });

    it('finds a provider id that went to a follow-up message', async () => {
      const contact = contacts.add(aContact({ medium: 'sms', source: 'twilio', externalId: 'SM1' }));
      const followUp: InboundFollowUp = { medium: 'sms', source: 'twilio', externalId: 'SM2', body: 'again' };
      const { messageId } = await intake.acceptFollowUp(contact.id, followUp);
      const retry = await intake.accept(webForm({ medium: 'sms', source: 'twilio', externalId: 'SM2' }));
      expect(retry).toMatchObject({ created: false, messageId, contact: { id: contact.id } });
    });
  });

  describe('a follow-up message', () => {
    const reply = (overrides: Partial<InboundFollowUp> = {}): InboundFollowUp => ({
      medium: 'email',
      source: 'sendgrid',
      externalId: '<reply@acme>',
      fromAddress: 'taro@acme.co.jp',
      subject: 'Re: quote',
      body: 'thanks',
      ...overrides,
    });

    it('adds the message, its attachments and its event, and marks the contact active now', async () => {
      const contact = contacts.add(aContact({ personId: 'p-1' }));
      clock.set('2026-06-02T10:00:00.000Z');
      const file = attachment();
      const result = await intake.acceptFollowUp(contact.id, reply({ attachments: [file] }));
      expect(result).toMatchObject({ created: true, contact: { id: contact.id } });
      expect(messages.rows).toEqual([
        expect.objectContaining({ id: result.messageId, contactId: contact.id, body: 'thanks', subject: 'Re: quote' }),
      ]);
      expect(attachments.rows).toEqual([expect.objectContaining({ messageId: result.messageId })]);
      expect(contacts.rows.get(contact.id)!.updatedAt).toEqual(new Date('2026-06-02T10:00:00.000Z'));
      expect(timeline.events).toEqual([
        expect.objectContaining({
          type: 'contact.message_received',
          actor: 'provider:sendgrid',
          contactId: contact.id,
          personId: 'p-1',
          data: { messageId: result.messageId, medium: 'email', source: 'sendgrid', attachments: 1 },
        }),
      ]);
      expect(jobs.jobs).toEqual([]);
      // announced after the commit, for the conversation's live view
      expect(announced).toEqual([{ contactId: contact.id, messageId: result.messageId }]);
    });

    it('answers a redelivered follow-up with the first message and stores nothing', async () => {
      const contact = contacts.add(aContact());
      const first = await intake.acceptFollowUp(contact.id, reply());
      const again = await intake.acceptFollowUp(contact.id, reply());
      expect(again).toMatchObject({ created: false, messageId: first.messageId });
      expect(messages.rows).toHaveLength(1);
      expect(timeline.events).toHaveLength(1);
      expect(announced).toHaveLength(1);
    });

    it('reopens a closed contact: back in its queue, preferring its last agent, dispatched again', async () => {
      const contact = contacts.add(aContact({ status: 'closed', channel: 'e_sales', personId: 'p-1' }));
      const { messageId } = await intake.acceptFollowUp(contact.id, reply());
      expect(contacts.rows.get(contact.id)!.status).toBe('queued');
      expect(contacts.rows.get(contact.id)!.channel).toBe('e_sales');
      expect(contacts.prefersLastAgent.has(contact.id)).toBe(true);
      expect(timeline.events.map((e) => e.type)).toEqual(['contact.message_received', 'contact.reopened']);
      expect(timeline.events[1]).toMatchObject({
        actor: 'provider:sendgrid',
        personId: 'p-1',
        data: { messageId, from: 'closed', preferLastAgent: true },
      });
      expect(jobs.jobs).toEqual([
        expect.objectContaining({
          name: JobName.DispatchContact,
          payload: { contactId: contact.id, cause: `reopen.${messageId}` },
        }),
      ]);
    });

    it.each(['queued', 'assigned', 'qualified'] as const)('leaves a %s contact as it is', async (status) => {
      const contact = contacts.add(aContact({ status }));
      await intake.acceptFollowUp(contact.id, reply());
      expect(contacts.rows.get(contact.id)!.status).toBe(status);
      expect(contacts.prefersLastAgent.size).toBe(0);
      expect(jobs.jobs).toEqual([]);
    });

    it('refuses a contact that does not exist, and removes the blobs it brought', async () => {
      const file = attachment();
      await expect(
        intake.acceptFollowUp('00000000-0000-4000-8000-999999999999', reply({ attachments: [file] })),
      ).rejects.toMatchObject({ code: 'not_found' });
      expect(storage.removed).toEqual([file.blob.key]);
      expect(unitOfWork.rolledBack).toBe(1);
    });
  });

  it('removes the blobs when the unit fails', async () => {
    jest.spyOn(timeline, 'append').mockRejectedValueOnce(new Error('database down'));
    const file = attachment();
    await expect(intake.accept(webForm({ attachments: [file] }))).rejects.toThrow('database down');
    expect(storage.removed).toEqual([file.blob.key]);
    expect(unitOfWork.rolledBack).toBe(1);
  });
});
