import { ContactMessageFeed } from '../../contacts/contact-message-feed';
import type { AppConfig } from '../../config/app-config';
import { ContactMessageRepository } from '../../contacts/contact-message.repository';
import { CampaignContactRepository } from '../../contacts/campaign-contact.repository';
import { ContactRepository } from '../../contacts/contact.repository';
import { PersonRepository } from '../../identity/person.repository';
import { softphoneIdentity } from '../../softphone/softphone-identity';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { FakeCallbackTaskRepository } from '../../../test/fakes/fake-callback-tasks';
import { aContact, FakeContactMessageRepository, FakeContactRepository } from '../../../test/fakes/fake-contacts';
import { FakeClock } from '../../../test/fakes/fake-clock';
import { FakePersonRepository } from '../../../test/fakes/fake-identity';
import { FakeJobQueue } from '../../../test/fakes/fake-job-queue';
import { FakeTimeline } from '../../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { asPartialPort, asPort } from '../../../test/fakes/public';
import { JobName } from '../../queues/queue.constants';
import { CallbackTaskRepository } from './callback-task.repository';
import type { AgentDial } from './outbound-call.adapter';
import { OutboundCallService } from './outbound-call.service';

const AGENT = '7f3e0000-0000-4000-8000-000000000001';
const OTHER = '7f3e0000-0000-4000-8000-000000000002';
const AGENT_LEG = `CA${'a'.repeat(32)}`;
const CUSTOMER_LEG = `CA${'b'.repeat(32)}`;
const config = { PUBLIC_BASE_URL: 'https://cc.example.test', TWILIO_CALLER_ID: '+81355550000' } as AppConfig;

describe('OutboundCallService', () => {
  let contacts: FakeContactRepository;
  let messages: FakeContactMessageRepository;
  let tasks: FakeCallbackTaskRepository;
  let people: FakePersonRepository;
  let timeline: FakeTimeline;
  let jobs: FakeJobQueue;
  let service: OutboundCallService;
  let contactId: string;
  let personId: string;

  beforeEach(() => {
    contacts = new FakeContactRepository(new FakeClock());
    messages = new FakeContactMessageRepository();
    tasks = new FakeCallbackTaskRepository();
    people = new FakePersonRepository();
    timeline = new FakeTimeline();
    jobs = new FakeJobQueue();
    service = new OutboundCallService(
      new FakeUnitOfWork(),
      asPort<ContactRepository>(contacts),
      asPort<ContactMessageRepository>(messages),
      asPort<CallbackTaskRepository>(tasks),
      asPort<PersonRepository>(people),
      asPort<TimelineRepository>(timeline),
      jobs,
      config,
      new ContactMessageFeed(),
      asPartialPort<CampaignContactRepository>({ currentAttempt: () => Promise.resolve(null) }),
    );
    personId = people.add({ phone: '+819012345678' }).id;
    const contact = contacts.add(
      aContact({ medium: 'voice', fromPhone: '+819012345678', personId, metadata: { to: '+81312345678' } }),
    );
    contactId = contact.id;
    contacts.assignees.set(contactId, AGENT);
  });

  const dial = (target: AgentDial['target'], agent = AGENT): Promise<string> =>
    service.place({ agentCallSid: AGENT_LEG, agentIdentity: softphoneIdentity(agent), target });
  const status = (CallStatus: string, extra: Record<string, string> = {}) =>
    service.status({ CallSid: CUSTOMER_LEG, ParentCallSid: AGENT_LEG, CallStatus, ...extra });

  it('dials the owner’s contact and records the call once, even when Twilio retries the voice URL', async () => {
    const twiml = await dial({ kind: 'contact', contactId });
    expect(twiml).toContain('callerId="+81312345678"');
    expect(twiml).toContain('>+819012345678</Number>');
    await dial({ kind: 'contact', contactId });
    expect(messages.calls).toEqual([
      expect.objectContaining({
        contactId,
        medium: 'voice',
        toAddress: '+819012345678',
        authorId: AGENT,
        status: 'queued',
      }),
    ]);
    expect(timeline.types(contactId)).toEqual(['call.placed']);
  });

  it('refuses a stranger and records nothing', async () => {
    expect(await dial({ kind: 'contact', contactId }, OTHER)).toContain('not assigned to you');
    expect(messages.calls).toEqual([]);
    expect(timeline.events).toEqual([]);
  });

  it('refuses a do-not-contact person', async () => {
    people.doNotContact.add(personId);
    expect(await dial({ kind: 'contact', contactId })).toContain('asked not to be contacted');
    expect(messages.calls).toEqual([]);
  });

  it('moves the call forward only, once per step, with the duration', async () => {
    await dial({ kind: 'contact', contactId });
    await status('ringing');
    await status('in-progress');
    await status('completed', { CallDuration: '42' });
    await status('completed', { CallDuration: '42' });
    await status('in-progress');
    expect(messages.calls[0]).toMatchObject({ status: 'delivered', metadata: { durationSeconds: 42 } });
    expect(timeline.types(contactId)).toEqual(['call.placed', 'call.answered', 'call.completed']);
  });

  it('ignores the status of a call it never placed', async () => {
    await status('completed');
    expect(timeline.events).toEqual([]);
  });

  it('takes a free callback task by dialling it and closes it when the answered call ends', async () => {
    const task = tasks.add({ contactId, personId, phone: '+819012345678', reason: 'no-answer', language: 'ja' });
    contacts.assignees.delete(contactId);
    await dial({ kind: 'callback_task', callbackTaskId: task.id });
    expect(tasks.rows[0]).toMatchObject({ assignedAgentId: AGENT, status: 'open' });
    await status('in-progress');
    await status('completed', { CallDuration: '10' });
    expect(tasks.rows[0].status).toBe('done');
    expect(timeline.types(contactId)).toEqual([
      'callback.task_updated',
      'call.placed',
      'call.answered',
      'call.completed',
      'callback.task_updated',
    ]);
  });

  it('leaves the task open when nobody answered, and the message failed with the reason', async () => {
    const task = tasks.add({ contactId, personId, phone: '+819012345678', reason: 'busy', language: 'ja' });
    await dial({ kind: 'callback_task', callbackTaskId: task.id });
    await status('busy');
    expect(messages.calls[0]).toMatchObject({ status: 'failed', error: 'busy' });
    expect(tasks.rows[0].status).toBe('open');
  });

  it('fetches the recording by a job onto the call, once', async () => {
    await dial({ kind: 'contact', contactId });
    const recording = {
      CallSid: AGENT_LEG,
      RecordingSid: `RE${'c'.repeat(32)}`,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC${'d'.repeat(32)}/Recordings/RE${'c'.repeat(32)}`,
      RecordingStatus: 'completed',
      RecordingDuration: '40',
    };
    await service.recording(recording);
    await service.recording(recording);
    expect(jobs.named(JobName.FetchTwilioMedia)).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({ messageId: messages.calls[0].id, kind: 'recording', medium: 'voice' }),
      }),
    ]);
  });
});
