import request from 'supertest';
import { AgentClient } from '../helpers/agent-socket';
import { DataSource } from 'typeorm';
import { softphoneIdentity } from '../../src/softphone/softphone-identity';
import { bearer, createUser, login } from '../helpers/http';
import {
  sid,
  startStandInServer,
  StandInServer,
  twilioFixture,
  twilioSender,
  TwilioSender,
} from '../helpers/telephony';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';
import { child, parseTwiml, verbs } from '../helpers/twiml';

const AUTH_TOKEN = 'twilio-test-auth-token-0123456789';
const ACCOUNT_SID = twilioFixture('voice-incoming-call').AccountSid;
const PUBLIC = 'https://cc.example.test';
const CUSTOMER = '+819012345678';
const CALLED = '+81312345678';
const DEFAULT_CALLER_ID = '+81355550000';
const RECORDING = Buffer.concat([
  Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000'),
  Buffer.alloc(4096, 0x2a),
]);

interface MessageRow {
  id: string;
  direction: string;
  medium: string;
  status: string;
  error: string | null;
  to_address: string;
  from_address: string;
  author_id: string;
  metadata: Record<string, unknown>;
}

/**
 * Outbound calls against the real stack: the signed agent TwiML dials only for the owner, the
 * dialled leg's status callbacks move the outbound voice message (retries changing nothing), and
 * the recording is fetched from a local stand-in for Twilio's media host onto the call.
 */
describe('outbound calls', () => {
  let media: StandInServer;
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let twilio: TwilioSender;
  let owner: { id: string; token: string };
  let stranger: { id: string; token: string };

  beforeAll(async () => {
    media = await startStandInServer((req, res) => {
      if (/^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Recordings\/RE[0-9a-f]{32}\.mp3$/.test(req.url ?? '')) {
        res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(RECORDING);
      } else {
        res.writeHead(404).end();
      }
    });
    t = await startTestApp({
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_MEDIA_HOSTS: media.host,
      TWILIO_CALLER_ID: DEFAULT_CALLER_ID,
    });
    db = t.app.get(DataSource);
    admin = await login(t);
    twilio = twilioSender(t.url, PUBLIC, AUTH_TOKEN);
    owner = await createUser(t, admin, { email: 'owner@staff.example.com', roles: ['agent'] });
    stranger = await createUser(t, admin, { email: 'stranger@staff.example.com', roles: ['agent'] });
  });
  afterAll(async () => {
    await t.close();
    await media.close();
  });

  /** A customer's call that ended unanswered: a voice contact (and a missed-call task) of +819012345678. */
  const missedCall = async (): Promise<{ contactId: string; taskId: string }> => {
    const call = twilioFixture('voice-incoming-call', { CallSid: sid('CA'), From: CUSTOMER, Caller: CUSTOMER });
    await twilio.post('/webhooks/twilio/voice', call).expect(200);
    await twilio
      .post('/webhooks/twilio/voice/status', twilioFixture('voice-status-no-answer', { CallSid: call.CallSid }))
      .expect(204);
    const [row] = await db.query<{ id: string; task: string }[]>(
      `SELECT c.id, t.id AS task FROM contact c JOIN callback_task t ON t.contact_id = c.id WHERE c.external_id = $1`,
      [call.CallSid],
    );
    return { contactId: row.id, taskId: row.task };
  };
  const assign = async (contactId: string, agentId: string) => {
    await db.query(`UPDATE contact SET status = 'assigned' WHERE id = $1`, [contactId]);
    await db.query(`INSERT INTO assignment (contact_id, agent_id, medium) VALUES ($1, $2, 'voice')`, [
      contactId,
      agentId,
    ]);
  };
  const dial = (agentId: string, params: Record<string, string>, callSid = sid('CA')) => {
    const from = `client:${softphoneIdentity(agentId)}`;
    const fields = {
      ...twilioFixture('voice-agent-connect', { CallSid: callSid, From: from, Caller: from }),
      ...params,
    };
    delete (fields as Record<string, string | undefined>).contactId;
    return twilio.post('/webhooks/twilio/voice/agent', { ...fields, ...params }).expect(200);
  };
  const dialStatus = (parentCallSid: string, status: string, extra: Record<string, string> = {}) =>
    twilio
      .post(
        '/webhooks/twilio/voice/outbound/status',
        twilioFixture('voice-outbound-dial-status', { ParentCallSid: parentCallSid, CallStatus: status, ...extra }),
      )
      .expect(204);
  const callMessage = async (agentCallSid: string): Promise<MessageRow | undefined> =>
    (
      await db.query<MessageRow[]>(
        `SELECT id, direction, medium, status, error, to_address, from_address, author_id, metadata
           FROM contact_message WHERE source = 'twilio' AND external_id = $1`,
        [agentCallSid],
      )
    )[0];
  const timelineTypes = async (contactId: string) =>
    (
      await db.query<{ type: string }[]>(`SELECT type FROM timeline_event WHERE contact_id = $1 ORDER BY id`, [
        contactId,
      ])
    ).map((r) => r.type);
  const spoken = (twiml: string) => child(parseTwiml(twiml), 'Say').text;

  it('dials the customer for the agent the contact is assigned to, from the number they called', async () => {
    const { contactId } = await missedCall();
    await assign(contactId, owner.id);
    const agentCallSid = sid('CA');
    const res = await dial(owner.id, { contactId }, agentCallSid);

    const dialVerb = child(parseTwiml(res.text), 'Dial');
    expect(dialVerb.attributes).toMatchObject({
      callerId: CALLED,
      record: 'record-from-answer-dual',
      recordingStatusCallback: `${PUBLIC}/webhooks/twilio/voice/outbound/recording`,
    });
    const number = child(dialVerb, 'Number');
    expect(number.text).toBe(CUSTOMER);
    expect(number.attributes).toMatchObject({
      statusCallback: `${PUBLIC}/webhooks/twilio/voice/outbound/status`,
      statusCallbackEvent: 'initiated ringing answered completed',
    });
    expect(await callMessage(agentCallSid)).toMatchObject({
      direction: 'outbound',
      medium: 'voice',
      status: 'queued',
      to_address: CUSTOMER,
      from_address: CALLED,
      author_id: owner.id,
    });
    expect(await timelineTypes(contactId)).toContain('call.placed');

    // Twilio retrying the voice URL records nothing new.
    await dial(owner.id, { contactId }, agentCallSid);
    expect(await db.query(`SELECT 1 FROM contact_message WHERE external_id = $1`, [agentCallSid])).toHaveLength(1);
  });

  it('refuses, in speech, a stranger, a do-not-contact person and a campaign target with no call of theirs', async () => {
    const { contactId } = await missedCall();
    await assign(contactId, owner.id);
    const strangerCall = sid('CA');
    const refused = await dial(stranger.id, { contactId }, strangerCall);
    expect(verbs(parseTwiml(refused.text))).toEqual(['Say', 'Hangup']);
    expect(spoken(refused.text)).toContain('not assigned to you');
    expect(await callMessage(strangerCall)).toBeUndefined();

    const [{ person_id: personId }] = await db.query<{ person_id: string }[]>(
      `SELECT person_id FROM contact WHERE id = $1`,
      [contactId],
    );
    const supervisor = await createUser(t, admin, { email: 'sv@staff.example.com', roles: ['supervisor'] });
    await request(t.url)
      .patch(`/people/${personId}`)
      .set(bearer(supervisor.token))
      .send({ doNotContact: true })
      .expect(200);
    const blocked = await dial(owner.id, { contactId });
    expect(spoken(blocked.text)).toContain('asked not to be contacted');
    await request(t.url)
      .patch(`/people/${personId}`)
      .set(bearer(supervisor.token))
      .send({ doNotContact: false })
      .expect(200);

    const campaign = await dial(owner.id, { campaignTargetId: 'target-1' });
    expect(spoken(campaign.text)).toContain('no call in progress');
  });

  it('answers 400 naming contactId when the softphone names no target', async () => {
    const from = `client:${softphoneIdentity(owner.id)}`;
    const fields = twilioFixture('voice-agent-connect', { CallSid: sid('CA'), From: from, contactId: undefined });
    const res = await twilio.post('/webhooks/twilio/voice/agent', fields).expect(400);
    expect(res.body.errors).toEqual([{ field: 'contactId', message: expect.stringContaining('callbackTaskId') }]);
  });

  it('moves the call forward with its status callbacks, once each, never backwards, and attaches the recording', async () => {
    const { contactId } = await missedCall();
    await assign(contactId, owner.id);
    const ownerConsole = await AgentClient.connect(t, owner.token);
    const agentCallSid = sid('CA');
    await dial(owner.id, { contactId }, agentCallSid);

    await dialStatus(agentCallSid, 'initiated');
    await dialStatus(agentCallSid, 'ringing');
    expect((await callMessage(agentCallSid))?.status).toBe('queued');
    await dialStatus(agentCallSid, 'in-progress');
    expect((await callMessage(agentCallSid))?.status).toBe('sent');
    await dialStatus(agentCallSid, 'completed', { CallDuration: '63' });
    await dialStatus(agentCallSid, 'completed', { CallDuration: '63' }); // Twilio's retry
    await dialStatus(agentCallSid, 'in-progress'); // late: never backwards
    expect(await callMessage(agentCallSid)).toMatchObject({ status: 'delivered', metadata: { durationSeconds: 63 } });
    const types = await timelineTypes(contactId);
    expect(types.filter((x) => x.startsWith('call.') && x !== 'call.ended' && x !== 'call.missed')).toEqual([
      'call.placed',
      'call.answered',
      'call.completed',
    ]);

    // A CallSid we never placed: 204, nothing changes.
    await dialStatus(sid('CA'), 'completed');

    const recordingSid = sid('RE');
    const recording = twilioFixture('voice-outbound-recording', {
      CallSid: agentCallSid,
      RecordingSid: recordingSid,
      RecordingUrl: `${media.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
    });
    await twilio.post('/webhooks/twilio/voice/outbound/recording', recording).expect(204);
    await twilio.post('/webhooks/twilio/voice/outbound/recording', recording).expect(204); // retry
    const message = (await callMessage(agentCallSid))!;
    const attached = await eventually(async () => {
      const rows = await db.query<{ kind: string; size: string; content_type: string }[]>(
        `SELECT kind, size, content_type FROM attachment WHERE message_id = $1`,
        [message.id],
      );
      return rows.length > 0 ? rows : undefined;
    }, 10_000);
    expect(attached).toEqual([{ kind: 'recording', size: String(RECORDING.length), content_type: 'audio/mpeg' }]);
    await eventually(async () => ((await timelineTypes(contactId)).includes('call.recorded') ? true : undefined));
    expect((await timelineTypes(contactId)).filter((x) => x === 'call.recording_available')).toHaveLength(1);
    expect(media.requests.filter((r) => r.url.includes(recordingSid))).toHaveLength(1);
    expect((await callMessage(agentCallSid))?.metadata).toMatchObject({ recordingSid, recordingDurationSeconds: 63 });

    // The owner's console saw the call on the thread as it moved, and its recording.
    type Pushed = {
      contactId: string;
      message: { id: string; medium: string; status: string; attachments: unknown[] };
    };
    const ofCall = (p: Pushed) => p.contactId === contactId && p.message.id === message.id;
    await ownerConsole.waitFor<Pushed>(
      'contact:message',
      (p) => ofCall(p) && p.message.attachments.length === 1,
      10_000,
    );
    const pushed = ownerConsole.received<Pushed>('contact:message').filter(ofCall);
    expect(pushed.map((p) => p.message.status)).toEqual(['queued', 'sent', 'delivered', 'delivered']);
    expect(pushed.every((p) => p.message.medium === 'voice')).toBe(true);
    ownerConsole.close();
  });

  it('refuses an unsigned status callback (403) and answers 400 naming a malformed field, changing nothing', async () => {
    const { contactId } = await missedCall();
    await assign(contactId, owner.id);
    const agentCallSid = sid('CA');
    await dial(owner.id, { contactId }, agentCallSid);
    const fields = twilioFixture('voice-outbound-dial-status', {
      ParentCallSid: agentCallSid,
      CallStatus: 'completed',
    });
    await twilio.postSignedWith('forged', '/webhooks/twilio/voice/outbound/status', fields).expect(403);
    await twilio.postSignedWith(null, '/webhooks/twilio/voice/outbound/recording', fields).expect(403);
    const bad = await twilio
      .post('/webhooks/twilio/voice/outbound/status', { ...fields, CallStatus: 'exploded' })
      .expect(400);
    expect(bad.body.errors).toEqual([{ field: 'CallStatus', message: expect.stringContaining('CallStatus') }]);
    expect((await callMessage(agentCallSid))?.status).toBe('queued');
  });

  it('marks an unanswered call failed with the reason', async () => {
    const { contactId } = await missedCall();
    await assign(contactId, owner.id);
    const agentCallSid = sid('CA');
    await dial(owner.id, { contactId }, agentCallSid);
    await dialStatus(agentCallSid, 'no-answer');
    await dialStatus(agentCallSid, 'completed');
    expect(await callMessage(agentCallSid)).toMatchObject({ status: 'failed', error: 'no-answer' });
    const [failed] = await db.query<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM timeline_event WHERE contact_id = $1 AND type = 'call.failed'`,
      [contactId],
    );
    expect(failed.data).toMatchObject({ reason: 'no-answer', to: CUSTOMER });
  });

  it('calls back an open task: dialling takes it, an answered call that ends closes it', async () => {
    const { contactId, taskId } = await missedCall();
    const agentCallSid = sid('CA');
    const res = await dial(owner.id, { callbackTaskId: taskId }, agentCallSid);
    expect(child(child(parseTwiml(res.text), 'Dial'), 'Number').text).toBe(CUSTOMER);
    const taskOf = async () =>
      (
        await db.query<{ status: string; assigned_agent_id: string | null }[]>(
          `SELECT status, assigned_agent_id FROM callback_task WHERE id = $1`,
          [taskId],
        )
      )[0];
    expect(await taskOf()).toEqual({ status: 'open', assigned_agent_id: owner.id });

    // Now it is the owner's: another agent may not dial it.
    const refused = await dial(stranger.id, { callbackTaskId: taskId });
    expect(spoken(refused.text)).toContain('assigned to another agent');

    await dialStatus(agentCallSid, 'in-progress');
    await dialStatus(agentCallSid, 'completed', { CallDuration: '30' });
    expect(await taskOf()).toEqual({ status: 'done', assigned_agent_id: owner.id });
    expect(await timelineTypes(contactId)).toEqual(expect.arrayContaining(['call.placed', 'call.completed']));
    const closed = await dial(owner.id, { callbackTaskId: taskId });
    expect(spoken(closed.text)).toContain('the callback task is done');
  });

  it('lists open callback tasks with their due time, overdue first', async () => {
    const { contactId } = await missedCall();
    await db.query(
      `INSERT INTO callback_task (contact_id, phone, reason, language, due_at)
       VALUES ($1, $2, 'scheduled', 'ja', now() + interval '1 day'), ($1, $2, 'scheduled', 'ja', now() - interval '1 day')`,
      [contactId, CUSTOMER],
    );
    const res = await request(t.url).get('/callback-tasks?limit=200').set(bearer(owner.token)).expect(200);
    const due = (res.body as { dueAt: string | null; createdAt: string }[]).map((x) =>
      new Date(x.dueAt ?? x.createdAt).getTime(),
    );
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(
      (res.body as { reason: string; dueAt: string | null }[]).some((x) => x.reason === 'scheduled' && x.dueAt),
    ).toBe(true);
  });

  it('calls a web contact from TWILIO_CALLER_ID', async () => {
    // A web inquiry that left a phone number: no number of ours was called.
    const [{ id: contactId }] = await db.query<{ id: string }[]>(
      `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, from_name, from_phone, body)
       VALUES ('web', 'web_form', 'queued', 'e_sales', 'quote', 'zh', '王 芳', '+819011112222', '请给我回电话') RETURNING id`,
    );
    await assign(contactId, owner.id);
    const twiml = await dial(owner.id, { contactId });
    const dialVerb = child(parseTwiml(twiml.text), 'Dial');
    expect(dialVerb.attributes.callerId).toBe(DEFAULT_CALLER_ID);
    expect(child(dialVerb, 'Number').text).toBe('+819011112222');
  });
});
