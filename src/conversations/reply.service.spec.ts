import type { AttachmentRepository } from '../attachments/attachment.repository';
import type { Principal } from '../auth/auth.types';
import type { AppConfig } from '../config/app-config';
import { ContactMessageFeed } from '../contacts/contact-message-feed';
import type { ContactMessageRepository } from '../contacts/contact-message.repository';
import type { ContactRecord, ContactRepository } from '../contacts/contact.repository';
import type { PersonRepository } from '../identity/person.repository';
import { JobName } from '../queues/queue.constants';
import type { TimelineRepository } from '../timeline/timeline.repository';
import type { UsersService } from '../users/users.service';
import {
  aContact,
  FakeAttachmentRepository,
  FakeContactMessageRepository,
  FakeContactRepository,
  fakeId,
} from '../../test/fakes/fake-contacts';
import { FakeReplyTemplateRepository } from '../../test/fakes/fake-conversations';
import { FakePersonRepository } from '../../test/fakes/fake-identity';
import { FakeJobQueue } from '../../test/fakes/fake-job-queue';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPartialPort, asPort } from '../../test/fakes/public';
import { RecordingAgentNotifier } from '../../test/fakes/recording-agent-notifier';
import type { ReplyDto } from './conversation.dto';
import { ConversationService } from './conversation.service';
import type { ReplyTemplateRepository } from './reply-template.repository';
import { ReplyService } from './reply.service';

const AGENT: Principal = { id: 'a0000000-0000-4000-8000-000000000001', email: 'agent@x.test', roles: ['agent'] };
const OTHER: Principal = { id: 'a0000000-0000-4000-8000-000000000002', email: 'other@x.test', roles: ['agent'] };
const SUPERVISOR: Principal = {
  id: 'a0000000-0000-4000-8000-000000000003',
  email: 'sup@x.test',
  roles: ['supervisor'],
};

const CONFIG = {
  MAIL_FROM: 'Sales <sales@cc.example>',
  TWILIO_ACCOUNT_SID: 'AC1',
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_CALLER_ID: '+15550001111',
  PHAXIO_API_KEY: 'k',
  PHAXIO_API_SECRET: 's',
} as AppConfig;

describe('ReplyService', () => {
  let unitOfWork: FakeUnitOfWork;
  let contacts: FakeContactRepository;
  let messages: FakeContactMessageRepository;
  let attachments: FakeAttachmentRepository;
  let people: FakePersonRepository;
  let templates: FakeReplyTemplateRepository;
  let timeline: FakeTimeline;
  let notifier: RecordingAgentNotifier;
  let jobs: FakeJobQueue;
  let service: ReplyService;
  let contact: ContactRecord;

  const build = (config: Partial<AppConfig> = {}) => {
    const conversation = new ConversationService(
      unitOfWork,
      asPort<ContactRepository>(contacts),
      asPort<ContactMessageRepository>(messages),
      asPort<AttachmentRepository>(attachments),
      asPort<TimelineRepository>(timeline),
      notifier,
      new ContactMessageFeed(),
    );
    service = new ReplyService(
      unitOfWork,
      asPort<ContactRepository>(contacts),
      asPort<ContactMessageRepository>(messages),
      asPort<AttachmentRepository>(attachments),
      asPort<PersonRepository>(people),
      asPort<ReplyTemplateRepository>(templates),
      asPartialPort<UsersService>({
        get: (id: string) => Promise.resolve({ id, name: id === AGENT.id ? 'Aiko Sato' : 'Sup' } as never),
      }),
      conversation,
      jobs,
      { ...CONFIG, ...config },
    );
  };

  beforeEach(() => {
    unitOfWork = new FakeUnitOfWork();
    contacts = new FakeContactRepository();
    messages = new FakeContactMessageRepository();
    attachments = new FakeAttachmentRepository();
    people = new FakePersonRepository();
    templates = new FakeReplyTemplateRepository();
    timeline = new FakeTimeline();
    notifier = new RecordingAgentNotifier();
    jobs = new FakeJobQueue();
    const person = people.add({ email: 'taro@acme.example' });
    contact = contacts.add(
      aContact({
        medium: 'email',
        externalId: '<first@acme.example>',
        fromName: 'Taro',
        fromEmail: 'taro@acme.example',
        subject: 'Quote',
        personId: person.id,
        status: 'assigned',
      }),
    );
    contacts.assignees.set(contact.id, AGENT.id);
    build();
  });

  const email = (overrides: Partial<ReplyDto> = {}): ReplyDto => ({
    medium: 'email',
    body: 'Here it is.',
    ...overrides,
  });
  const fieldOf = (error: unknown) => (error as { fieldErrors: { field: string }[] }).fieldErrors.map((f) => f.field);

  it('queues the message (author, thread headers) and its send job in one unit, and tells the owner', async () => {
    const answer = await service.reply(contact.id, email(), AGENT);
    expect(answer).toEqual({ messageId: expect.any(String), status: 'queued' });
    expect(messages.outbound).toEqual([
      expect.objectContaining({
        id: answer.messageId,
        contactId: contact.id,
        direction: 'outbound',
        status: 'queued',
        authorId: AGENT.id,
        toAddress: 'taro@acme.example',
        fromAddress: CONFIG.MAIL_FROM,
        subject: 'Re: Quote',
        externalId: `<reply.${answer.messageId}@cc.example>`,
        metadata: expect.objectContaining({ inReplyTo: '<first@acme.example>', agentName: 'Aiko Sato' }),
      }),
    ]);
    expect(jobs.jobs).toEqual([
      expect.objectContaining({ name: JobName.SendReply, payload: { messageId: answer.messageId } }),
    ]);
    expect(timeline.events).toEqual([expect.objectContaining({ type: 'message.queued', actor: `user:${AGENT.id}` })]);
    expect(unitOfWork.committed).toBe(1);
    await new Promise((resolve) => setImmediate(resolve)); // the announcement runs after the commit
    expect(notifier.events('contact:message').map((e) => e.to)).toEqual([`user:${AGENT.id}`, 'role:supervisor,admin']);
  });

  it('answers a retry with the same Idempotency-Key with the first message, and queues nothing more', async () => {
    const first = await service.reply(contact.id, email(), AGENT, 'key-1');
    const again = await service.reply(contact.id, email(), AGENT, 'key-1');
    expect(again).toEqual(first);
    expect(messages.outbound).toHaveLength(1);
    expect(jobs.jobs).toHaveLength(1);
    await expect(service.reply(contact.id, email({ body: 'something else' }), AGENT, 'key-1')).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
  });

  it.each([['an agent who does not work the contact', OTHER, 'forbidden']])(
    'refuses %s',
    async (_name, caller, code) => {
      await expect(service.reply(contact.id, email(), caller)).rejects.toMatchObject({ code });
      expect(messages.outbound).toEqual([]);
    },
  );

  it('lets a supervisor reply to a contact assigned to someone else', async () => {
    await expect(service.reply(contact.id, email(), SUPERVISOR)).resolves.toMatchObject({ status: 'queued' });
  });

  it('answers 404 for a contact the caller cannot see', async () => {
    await expect(service.reply(fakeId(), email(), AGENT)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a person marked do_not_contact (409) and stores nothing', async () => {
    people.doNotContact.add(contact.personId!);
    await expect(service.reply(contact.id, email(), AGENT)).rejects.toMatchObject({ code: 'conflict' });
    expect(messages.outbound).toEqual([]);
    expect(jobs.jobs).toEqual([]);
  });

  it('renders a template of the medium; the request body overrides it', async () => {
    const template = templates.add({
      medium: 'email',
      subject: 'For {{contact.name}}\r\nBcc: x',
      body: 'Dear {{contact.name}}, {{agent.name}}',
    });
    await service.reply(contact.id, { medium: 'email', templateId: template.id }, AGENT);
    expect(messages.outbound[0]).toMatchObject({ body: 'Dear Taro, Aiko Sato', subject: 'For Taro Bcc: x' });
    await service.reply(contact.id, { medium: 'email', templateId: template.id, body: 'mine' }, AGENT);
    expect(messages.outbound[1]).toMatchObject({ body: 'mine' });
  });

  it.each<[string, () => ReplyDto, string]>([
    ['an unknown template', () => email({ templateId: fakeId() }), 'templateId'],
    [
      'a template of another medium',
      () => email({ templateId: templates.add({ medium: 'sms', body: 'x' }).id }),
      'templateId',
    ],
    ['no body and no template', () => ({ medium: 'email' }), 'body'],
    ['SMS to a customer without a phone', () => ({ medium: 'sms', body: 'x' }), 'medium'],
    ['an attachment of another contact', () => email({ attachmentIds: [fakeId()] }), 'attachmentIds[0]'],
  ])('answers 400 for %s, naming the field', async (_name, dto, field) => {
    const error = await service.reply(contact.id, dto(), AGENT).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(fieldOf(error)).toEqual([field]);
    expect(messages.outbound).toEqual([]);
  });

  describe('SMS and fax', () => {
    let sms: ContactRecord;
    beforeEach(() => {
      sms = contacts.add(aContact({ medium: 'sms', fromPhone: '+818012345678', metadata: { to: '+815012345678' } }));
      contacts.assignees.set(sms.id, AGENT.id);
    });

    it('sends an SMS from the number the customer wrote to, counting its API messages', async () => {
      await service.reply(sms.id, { medium: 'sms', body: 'あ'.repeat(700) }, AGENT);
      expect(messages.outbound[0]).toMatchObject({
        fromAddress: '+815012345678',
        toAddress: '+818012345678',
        subject: null,
        metadata: expect.objectContaining({ smsParts: 2 }),
      });
    });

    it('answers 503 naming the missing Twilio settings', async () => {
      build({ TWILIO_AUTH_TOKEN: undefined });
      const error = await service.reply(sms.id, { medium: 'sms', body: 'x' }, AGENT).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'unavailable' });
      expect(fieldOf(error)).toEqual(['TWILIO_AUTH_TOKEN']);
    });

    it('faxes only with a PDF of the contact', async () => {
      await attachments.insertAll(sms.id, null, [
        { kind: 'attachment', filename: 'a.png', contentType: 'image/png', blob: { key: 'k1', size: 1, sha256: 'x' } },
      ]);
      const png = attachments.rows[0];
      const error = await service
        .reply(sms.id, { medium: 'fax', body: 'x', attachmentIds: [png.id] }, AGENT)
        .catch((e: unknown) => e);
      expect(fieldOf(error)).toEqual(['attachmentIds']);
      await attachments.insertAll(sms.id, null, [
        {
          kind: 'fax_document',
          filename: 'q.pdf',
          contentType: 'application/pdf',
          blob: { key: 'k2', size: 1, sha256: 'y' },
        },
      ]);
      const pdf = attachments.rows[1];
      await service.reply(sms.id, { medium: 'fax', body: 'x', attachmentIds: [pdf.id] }, AGENT);
      expect(messages.outbound[0]).toMatchObject({
        medium: 'fax',
        toAddress: '+818012345678',
        metadata: expect.objectContaining({ attachmentIds: [pdf.id] }),
      });
    });
  });
});
