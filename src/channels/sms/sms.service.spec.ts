import type { AppConfig } from '../../config/app-config';
import { ContactMessageRepository } from '../../contacts/contact-message.repository';
import { ContactRepository } from '../../contacts/contact.repository';
import type { MetricsService } from '../../metrics/metrics.service';
import { JobName } from '../../queues/queue.constants';
import { fakeIntake } from '../../../test/fakes/fake-intake';
import { asPort } from '../../../test/fakes/public';
import { sid, twilioFixture } from '../../../test/helpers/telephony';
import type { ConversationLock } from './conversation-lock';
import { SmsService } from './sms.service';

const config = {
  DEFAULT_PHONE_REGION: 'JP',
  SMS_CONVERSATION_WINDOW_MINUTES: 60,
  SMS_AUTO_REPLY: 'Thanks, we will answer shortly.',
} as unknown as AppConfig;
const metrics = { contactsReceived: { inc: () => undefined } } as unknown as MetricsService;
const noLock = { run: <T>(_subject: string, work: () => Promise<T>) => work() } as ConversationLock;

describe('SmsService', () => {
  let world: ReturnType<typeof fakeIntake>;
  let sms: SmsService;

  beforeEach(() => {
    world = fakeIntake();
    sms = new SmsService(
      world.unitOfWork,
      asPort<ContactRepository>(world.contacts),
      asPort<ContactMessageRepository>(world.messages),
      world.intake,
      world.jobs,
      noLock,
      metrics,
      world.clock,
      config,
    );
  });

  const message = (overrides: Record<string, string> = {}) =>
    twilioFixture('sms-incoming', { MessageSid: sid('SM'), ...overrides });

  it('starts a conversation with the first message and answers it with the automatic reply', async () => {
    const twiml = await sms.receive(message());
    expect(twiml).toContain('Thanks, we will answer shortly.');
    expect(world.contacts.rows.size).toBe(1);
    expect(world.jobs.named(JobName.ProcessContact)).toHaveLength(1);
  });

  it('joins the next message of the same number to the open conversation, without a reply', async () => {
    await sms.receive(message());
    world.clock.advance(30 * 60_000);
    const twiml = await sms.receive(message({ Body: 'and another thing' }));
    expect(twiml).not.toContain('Thanks');
    expect(world.contacts.rows.size).toBe(1);
    expect(world.messages.rows).toEqual([expect.objectContaining({ body: 'and another thing', source: 'twilio' })]);
    // The follow-up keeps the conversation open from now on.
    expect([...world.contacts.rows.values()][0].updatedAt).toEqual(world.clock.now());
  });

  it('starts a new conversation once the window has passed', async () => {
    await sms.receive(message());
    world.clock.advance(61 * 60_000);
    await sms.receive(message());
    expect(world.contacts.rows.size).toBe(2);
    expect(world.messages.rows).toEqual([]);
  });

  it('joins a closed conversation within the window and reopens it', async () => {
    await sms.receive(message());
    const [contact] = [...world.contacts.rows.values()];
    contact.status = 'closed';
    await sms.receive(message({ Body: 'one more question' }));
    expect(world.contacts.rows.size).toBe(1);
    expect(world.contacts.rows.get(contact.id)?.status).toBe('queued');
    expect(world.timeline.events.map((e) => e.type)).toContain('contact.reopened');
  });

  it('answers a redelivered message as the first time and stores nothing new', async () => {
    const first = message();
    const reply = await sms.receive(first);
    const events = world.timeline.events.length;
    expect(await sms.receive(first)).toBe(reply);
    expect(world.contacts.rows.size).toBe(1);
    expect(world.timeline.events).toHaveLength(events);
  });

  it('fetches MMS media later, by jobs named after the message and the media index', async () => {
    const mms = twilioFixture('mms-incoming', { MessageSid: 'MM0123456789abcdef0123456789abcdef' });
    await sms.receive(mms);
    const fetches = world.jobs.named(JobName.FetchTwilioMedia);
    expect(fetches.length).toBeGreaterThan(0);
    expect(fetches[0]).toMatchObject({
      id: 'twilio.media.MM0123456789abcdef0123456789abcdef.0',
      payload: { kind: 'attachment', medium: 'sms' },
    });
  });
});
