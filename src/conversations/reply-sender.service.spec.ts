import { Logger } from '@nestjs/common';
import type { AttachmentRepository } from '../attachments/attachment.repository';
import { ContactMessageFeed } from '../contacts/contact-message-feed';
import type { ContactMessageRepository } from '../contacts/contact-message.repository';
import type { ContactRecord, ContactRepository } from '../contacts/contact.repository';
import type { PersonRepository } from '../identity/person.repository';
import type { OnceMailer } from '../mail/once-mailer';
import type { TimelineRepository } from '../timeline/timeline.repository';
import { FakeBlobStorage } from '../../test/fakes/fake-blob-storage';
import {
  aContact,
  FakeAttachmentRepository,
  FakeContactMessageRepository,
  FakeContactRepository,
} from '../../test/fakes/fake-contacts';
import { FakeMessageDeliveryRepository, RecordingSmsGateway } from '../../test/fakes/fake-conversations';
import { FakePersonRepository } from '../../test/fakes/fake-identity';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPartialPort, asPort } from '../../test/fakes/public';
import { RecordingAgentNotifier } from '../../test/fakes/recording-agent-notifier';
import { ConversationService } from './conversation.service';
import type { FaxGateway } from './fax-gateway';
import type { MessageDeliveryRepository } from './message-delivery.repository';
import { ReplySender } from './reply-sender.service';
import { PermanentSendError } from './send-errors';

describe('ReplySender', () => {
  let messages: FakeContactMessageRepository;
  let contacts: FakeContactRepository;
  let people: FakePersonRepository;
  let deliveries: FakeMessageDeliveryRepository;
  let sms: RecordingSmsGateway;
  let timeline: FakeTimeline;
  let sender: ReplySender;
  let contact: ContactRecord;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    const unitOfWork = new FakeUnitOfWork();
    messages = new FakeContactMessageRepository();
    contacts = new FakeContactRepository();
    people = new FakePersonRepository();
    deliveries = new FakeMessageDeliveryRepository();
    sms = new RecordingSmsGateway();
    timeline = new FakeTimeline();
    const attachments = new FakeAttachmentRepository();
    const conversation = new ConversationService(
      unitOfWork,
      asPort<ContactRepository>(contacts),
      asPort<ContactMessageRepository>(messages),
      asPort<AttachmentRepository>(attachments),
      asPort<TimelineRepository>(timeline),
      new RecordingAgentNotifier(),
      new ContactMessageFeed(),
    );
    sender = new ReplySender(
      unitOfWork,
      asPort<ContactMessageRepository>(messages),
      asPort<ContactRepository>(contacts),
      asPort<PersonRepository>(people),
      asPort<AttachmentRepository>(attachments),
      asPort<MessageDeliveryRepository>(deliveries),
      conversation,
      asPartialPort<OnceMailer>({}),
      sms,
      asPartialPort<FaxGateway>({}),
      new FakeBlobStorage(),
      { PUBLIC_BASE_URL: 'https://cc.example.com', MAIL_FROM: 'Sales <sales@cc.example>' },
    );
    contact = contacts.add(aContact({ medium: 'sms', personId: people.add({ phone: '+818012345678' }).id }));
  });

  const queueSms = (body: string) =>
    messages.insertOutbound({
      contactId: contact.id,
      medium: 'sms',
      source: 'reply',
      externalId: null,
      fromAddress: '+815012345678',
      toAddress: '+818012345678',
      subject: null,
      body,
      status: 'queued',
      authorId: null,
      metadata: { smsParts: 2 },
    });
  const statusOf = async (id: string) => (await messages.findConversationMessage(id))?.status;

  it('sends each API message of a long text once, with the status callback, then marks it sent', async () => {
    const id = await queueSms('あ'.repeat(700));
    await expect(sender.send(id)).resolves.toBe('sent');
    expect(sms.sent.map((s) => s.body.length)).toEqual([670, 30]);
    expect(sms.sent[0]).toMatchObject({ statusCallback: 'https://cc.example.com/webhooks/twilio/sms/status' });
    expect(await statusOf(id)).toBe('sent');
    expect(timeline.events.map((e) => e.type)).toEqual(['message.sent']);
    // A redelivered job finds the message no longer queued and sends nothing.
    await expect(sender.send(id)).resolves.toBe('done');
    expect(sms.sent).toHaveLength(2);
  });

  it('does not send again a part Twilio already took (a retry after a failure mid-way)', async () => {
    const id = await queueSms('あ'.repeat(700));
    await deliveries.insert({ messageId: id, provider: 'twilio', providerId: 'SM0', part: 0, status: 'sent' });
    await sender.send(id);
    expect(sms.sent.map((s) => s.body.length)).toEqual([30]);
  });

  it('re-checks do_not_contact before sending: marked after the reply was queued, nothing goes out', async () => {
    const id = await queueSms('hello');
    people.doNotContact.add(contact.personId!);
    await expect(sender.send(id)).resolves.toBe('blocked');
    expect(sms.sent).toEqual([]);
    const message = await messages.findConversationMessage(id);
    expect(message).toMatchObject({ status: 'failed', error: expect.stringContaining('do_not_contact') });
  });

  it("passes a provider's permanent refusal on (the processor stops retrying), and giveUp records the reason", async () => {
    const id = await queueSms('hello');
    sms.refuse = 'Twilio 21211: invalid number';
    await expect(sender.send(id)).rejects.toBeInstanceOf(PermanentSendError);
    await sender.giveUp(id, 'Twilio 21211: invalid number');
    expect(await messages.findConversationMessage(id)).toMatchObject({
      status: 'failed',
      error: 'Twilio 21211: invalid number',
    });
    expect(timeline.events.map((e) => e.type)).toEqual(['message.failed']);
  });
});
