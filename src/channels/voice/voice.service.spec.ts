import { FixedBusinessCalendar } from '../../business-hours/business-calendar-source';
import { FakeClock } from '../../../test/fakes/fake-clock';
import { ContactMessageFeed } from '../../contacts/contact-message-feed';
import type { AppConfig } from '../../config/app-config';
import { CampaignContactRepository } from '../../contacts/campaign-contact.repository';
import { ContactRepository } from '../../contacts/contact.repository';
import type { MetricsService } from '../../metrics/metrics.service';
import { JobName } from '../../queues/queue.constants';
import { softphoneIdentity } from '../../softphone/softphone-identity';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { FakeCallbackTaskRepository } from '../../../test/fakes/fake-callback-tasks';
import { fakeIntake } from '../../../test/fakes/fake-intake';
import { asPartialPort, asPort } from '../../../test/fakes/public';
import { twilioFixture } from '../../../test/helpers/telephony';
import { AssignedAgentBridgePolicy } from './agent-bridge-policy';
import { CallbackTaskRepository } from './callback-task.repository';
import { ContactMessageRepository } from '../../contacts/contact-message.repository';
import { PersonRepository } from '../../identity/person.repository';
import { FakePersonRepository } from '../../../test/fakes/fake-identity';
import { OutboundCallService } from './outbound-call.service';
import { VoiceService } from './voice.service';

const CALL = 'CA6cbcd47f3a3a515f0217e61c3d1e021b';
const AGENT = '7f3e0000-0000-4000-8000-000000000001';

const config = {
  PUBLIC_BASE_URL: 'https://cc.example',
  DEFAULT_PHONE_REGION: 'JP',
  VOICE_LANGUAGE_BY_NUMBER: {},
  VOICE_DEFAULT_LANGUAGE: 'en',
  VOICE_MAX_WAIT_SECONDS: 120,
  VOICE_VOICEMAIL_MAX_SECONDS: 120,
} as unknown as AppConfig;
const metrics = { contactsReceived: { inc: () => undefined } } as unknown as MetricsService;

describe('VoiceService', () => {
  let world: ReturnType<typeof fakeIntake>;
  let tasks: FakeCallbackTaskRepository;
  let voice: VoiceService;

  beforeEach(() => {
    world = fakeIntake();
    tasks = new FakeCallbackTaskRepository();
    voice = new VoiceService(
      world.unitOfWork,
      asPort<ContactRepository>(world.contacts),
      asPort<CallbackTaskRepository>(tasks),
      asPort<TimelineRepository>(world.timeline),
      world.jobs,
      world.intake,
      new AssignedAgentBridgePolicy(),
      metrics,
      config,
      new OutboundCallService(
        world.unitOfWork,
        asPort<ContactRepository>(world.contacts),
        asPort<ContactMessageRepository>(world.messages),
        asPort<CallbackTaskRepository>(tasks),
        asPort<PersonRepository>(new FakePersonRepository()),
        asPort<TimelineRepository>(world.timeline),
        world.jobs,
        config,
        new ContactMessageFeed(),
        asPartialPort<CampaignContactRepository>({ currentAttempt: () => Promise.resolve(null) }),
      ),
      new FixedBusinessCalendar(),
      new FakeClock(),
    );
  });

  const contactId = () => [...world.contacts.rows.values()][0].id;
  const types = () => world.timeline.types(contactId());
  const status = (overrides: Record<string, string | undefined>) =>
    voice.status(twilioFixture('voice-status-completed', overrides));

  describe('a missed call', () => {
    it('becomes one callback task, once, however often the final status is delivered', async () => {
      await status({ CallStatus: 'no-answer' });
      await status({ CallStatus: 'no-answer' });
      expect(tasks.rows).toEqual([
        expect.objectContaining({ contactId: contactId(), phone: '+819012345678', reason: 'no-answer' }),
      ]);
      expect(types()).toEqual(['contact.received', 'call.ended', 'call.missed', 'callback.task_created']);
      expect(world.timeline.events.find((e) => e.type === 'callback.task_created')!.data).toEqual({
        taskId: tasks.rows[0].id,
        phone: '+819012345678',
        reason: 'no-answer',
      });
      expect(world.contacts.eventLocks).toEqual([contactId(), contactId()]);
    });

    it('is a completed call nobody answered and without a voicemail: abandoned', async () => {
      await status({});
      expect(tasks.rows).toEqual([expect.objectContaining({ reason: 'abandoned' })]);
    });

    it('is not a completed call an agent was bridged to', async () => {
      await voice.incoming(twilioFixture('voice-incoming-call', { CallSid: CALL }));
      await voice.bridged(twilioFixture('voice-bridged'), { agent: softphoneIdentity(AGENT) });
      await status({});
      expect(tasks.rows).toEqual([]);
      expect(types()).not.toContain('call.missed');
    });

    it('makes no task when the number was withheld', async () => {
      await status({ CallStatus: 'busy', From: 'anonymous', Caller: 'anonymous' });
      expect(tasks.rows).toEqual([]);
      expect(world.timeline.events.find((e) => e.type === 'call.missed')!.data).toMatchObject({
        reason: 'busy',
        callback: false,
      });
    });

    it('is cancelled again when the voicemail arrives after the final status', async () => {
      await status({});
      await voice.voicemail(twilioFixture('voice-voicemail-recorded'), { lang: 'ja' });
      expect(tasks.rows[0]).toMatchObject({ status: 'cancelled', note: 'the caller was served after all' });
      expect(types()).toEqual(expect.arrayContaining(['call.voicemail_recorded', 'callback.task_cancelled']));
    });

    it('records nothing but a status for a call that has not ended', async () => {
      await status({ CallStatus: 'ringing' });
      expect(types()).toEqual(['contact.received', 'call.status']);
      expect(tasks.rows).toEqual([]);
    });
  });

  it('fetches a completed recording once, by a job named after the recording', async () => {
    await voice.incoming(twilioFixture('voice-incoming-call', { CallSid: CALL }));
    await voice.recording(twilioFixture('voice-recording-status'));
    await voice.recording(twilioFixture('voice-recording-status'));
    expect(world.jobs.named(JobName.FetchTwilioMedia)).toEqual([
      expect.objectContaining({
        id: 'twilio.media.RE8c6536e1de1f48a0251126f69101e290',
        payload: expect.objectContaining({ kind: 'recording', medium: 'voice', label: 'Voicemail (14 s)' }),
      }),
    ]);
  });

  describe('the agent bridge', () => {
    const connect = (from: string) =>
      voice.agent(
        twilioFixture('voice-agent-connect', {
          CallSid: `CA${'1'.repeat(32)}`,
          contactId: contactId(),
          From: from,
          Caller: from,
        }),
      );

    beforeEach(async () => {
      await voice.incoming(twilioFixture('voice-incoming-call', { CallSid: CALL }));
      world.contacts.rows.get(contactId())!.status = 'assigned';
    });

    it('connects the agent of the active assignment', async () => {
      world.contacts.assignees.set(contactId(), AGENT);
      expect(await connect(`client:${softphoneIdentity(AGENT)}`)).toContain('<Queue');
      expect(types()).toContain('call.agent_connecting');
    });

    it('refuses anyone else, and a call nobody holds', async () => {
      expect(await connect(`client:${softphoneIdentity(AGENT)}`)).toContain('<Hangup');
      world.contacts.assignees.set(contactId(), '7f3e0000-0000-4000-8000-000000000002');
      expect(await connect(`client:${softphoneIdentity(AGENT)}`)).toContain('<Hangup');
      expect(types()).not.toContain('call.agent_connecting');
    });
  });
});
