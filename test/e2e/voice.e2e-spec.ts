import { softphoneIdentity } from '../../src/softphone/softphone-identity';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, login } from '../helpers/http';
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

interface ContactBody {
  id: string;
  medium: string;
  status: string;
  channel: string | null;
  language: string;
  from: { phone: string | null; name: string | null };
  person: { id: string; phone: string | null } | null;
  attachments: { id: string; kind: string; contentType: string; filename: string; size: number }[];
  timeline: { type: string; data: Record<string, unknown> }[];
}

/** Recordings at Twilio's path shape; some fail a number of times first (to show the job retries). */
const RECORDING = Buffer.concat([
  Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000'),
  Buffer.alloc(2048, 0x55),
]);
const failuresLeft = new Map<string, number>();

describe('Twilio voice webhooks', () => {
  let media: StandInServer;
  let t: TestApp;
  let db: DataSource;
  let token: string;
  let twilio: TwilioSender;

  beforeAll(async () => {
    media = await startStandInServer((req, res) => {
      const match = /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Recordings\/(RE[0-9a-f]{32})\.mp3$/.exec(req.url ?? '');
      const left = match ? (failuresLeft.get(match[1]) ?? 0) : 0;
      if (!match) {
        res.writeHead(404).end();
      } else if (left > 0) {
        failuresLeft.set(match[1], left - 1);
        res.writeHead(503).end('busy');
      } else {
        res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(RECORDING);
      }
    });
    t = await startTestApp({
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_MEDIA_HOSTS: media.host,
      VOICE_MAX_WAIT_SECONDS: '90',
      VOICE_LANGUAGE_BY_NUMBER: '+14155550100=zh',
    });
    db = t.app.get(DataSource);
    token = await login(t);
    twilio = twilioSender(t.url, PUBLIC, AUTH_TOKEN);
  });
  afterAll(async () => {
    await t.close();
    await media.close();
  });

  const getContact = async (id: string) =>
    (await request(t.url).get(`/contacts/${id}`).set(bearer(token)).expect(200)).body as ContactBody;
  const contactIdOfCall = async (callSid: string): Promise<string> => {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM contact WHERE source = 'twilio' AND external_id = $1`,
      [callSid],
    );
    expect(rows).toHaveLength(1);
    return rows[0].id;
  };
  const types = (c: ContactBody) => c.timeline.map((e) => e.type);
  const newCall = (overrides: Record<string, string> = {}) =>
    twilioFixture('voice-incoming-call', { CallSid: sid('CA'), ...overrides });
  const incoming = async (call: Record<string, string>) => {
    const res = await twilio.post('/webhooks/twilio/voice', call).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    return { twiml: res.text, contactId: await contactIdOfCall(call.CallSid) };
  };

  it('makes an incoming call a voice contact and answers TwiML that queues the caller', async () => {
    const call = newCall();
    const { twiml, contactId } = await incoming(call);

    const response = parseTwiml(twiml);
    expect(verbs(response)).toEqual(['Say', 'Enqueue']);
    expect(child(response, 'Say').attributes).toEqual({ language: 'ja-JP', voice: 'Polly.Mizuki' });
    const enqueue = child(response, 'Enqueue');
    expect(enqueue.text).toBe(`contact-${contactId}`);
    expect(enqueue.attributes).toMatchObject({
      waitUrl: `${PUBLIC}/webhooks/twilio/voice/wait?lang=ja`,
      action: `${PUBLIC}/webhooks/twilio/voice/queue-exit`,
    });

    const contact = await eventually(async () => {
      const c = await getContact(contactId);
      return c.status === 'queued' ? c : undefined;
    });
    expect(contact).toMatchObject({
      medium: 'voice',
      language: 'ja',
      channel: 'demand_generation',
      from: { phone: '+819012345678' },
      person: { phone: '+819012345678' },
    });
    expect(types(contact)).toEqual([
      'contact.received',
      'contact.identified',
      'contact.classified',
      'contact.status_changed',
    ]);
  });

  it('greets by the called number: configured per number, else by its country, else the default', async () => {
    const zh = parseTwiml((await incoming(newCall({ To: '+14155550100', Called: '+14155550100' }))).twiml);
    expect(child(zh, 'Say').attributes.language).toBe('cmn-CN');
    const en = parseTwiml((await incoming(newCall({ To: '+14155550199', Called: '+14155550199' }))).twiml);
    expect(child(en, 'Say').attributes.language).toBe('en-US');
  });

  it('answers a retried webhook exactly as the first time and stores one contact', async () => {
    const call = newCall();
    const headers = { 'I-Twilio-Idempotency-Token': 'a9c1e0f2-6a1b-4a8e-9bb1-1f0f7a7e2d11' };
    const first = await twilio.post('/webhooks/twilio/voice', call, headers).expect(200);
    const second = await twilio.post('/webhooks/twilio/voice', call, headers).expect(200);
    expect(second.text).toBe(first.text);
    await contactIdOfCall(call.CallSid);
  });

  it('stores one contact when ten identical webhooks arrive at once, and answers all ten alike', async () => {
    const call = newCall();
    const answers = await Promise.all(Array.from({ length: 10 }, () => twilio.post('/webhooks/twilio/voice', call)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    const contactId = await contactIdOfCall(call.CallSid);
    expect(
      await db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'contactId' = $1 AND job_name = 'contact.process'`,
        [contactId],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it('plays the hold message while the caller waits and leaves the queue after VOICE_MAX_WAIT_SECONDS', async () => {
    const wait = (queueTime: string, lang = 'ja') =>
      twilio
        .post(`/webhooks/twilio/voice/wait?lang=${lang}`, twilioFixture('voice-wait', { QueueTime: queueTime }))
        .expect(200);
    expect(verbs(parseTwiml((await wait('0')).text))).toEqual(['Pause']);
    const holding = parseTwiml((await wait('45')).text);
    expect(verbs(holding)).toEqual(['Say', 'Pause']);
    expect(child(holding, 'Say').text).toContain('お待たせして');
    expect(verbs(parseTwiml((await wait('90')).text))).toEqual(['Leave']);
    expect(verbs(parseTwiml((await wait('400', 'en')).text))).toEqual(['Leave']);
  });

  it('offers voicemail after the queue, records it, and attaches the recording fetched from the media host', async () => {
    const call = newCall();
    const { contactId } = await incoming(call);

    const exit = await twilio
      .post('/webhooks/twilio/voice/queue-exit', twilioFixture('voice-queue-exit-leave', { CallSid: call.CallSid }))
      .expect(200);
    const exitTwiml = parseTwiml(exit.text);
    expect(verbs(exitTwiml)).toEqual(['Say', 'Record', 'Hangup']);
    expect(child(exitTwiml, 'Record').attributes).toMatchObject({
      action: `${PUBLIC}/webhooks/twilio/voice/voicemail?lang=ja`,
      recordingStatusCallback: `${PUBLIC}/webhooks/twilio/voice/recording`,
      playBeep: 'true',
    });

    const recordingSid = sid('RE');
    const recordingUrl = `${media.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`;
    const done = await twilio
      .post(
        '/webhooks/twilio/voice/voicemail?lang=ja',
        twilioFixture('voice-voicemail-recorded', {
          CallSid: call.CallSid,
          RecordingSid: recordingSid,
          RecordingUrl: recordingUrl,
        }),
      )
      .expect(200);
    expect(verbs(parseTwiml(done.text))).toEqual(['Say', 'Hangup']);

    const status = twilioFixture('voice-recording-status', {
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl,
    });
    await twilio.post('/webhooks/twilio/voice/recording', status).expect(204);
    await twilio.post('/webhooks/twilio/voice/recording', status).expect(204); // a retry changes nothing

    const contact = await eventually(async () => {
      const c = await getContact(contactId);
      return c.attachments.length > 0 ? c : undefined;
    }, 10_000);
    expect(contact.attachments).toEqual([
      expect.objectContaining({ kind: 'recording', contentType: 'audio/mpeg', size: RECORDING.length }),
    ]);
    const download = await request(t.url)
      .get(`/contacts/${contactId}/attachments/${contact.attachments[0].id}`)
      .set(bearer(token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, RECORDING)).toBe(0);
    expect(types(contact)).toEqual(
      expect.arrayContaining([
        'call.voicemail_offered',
        'call.voicemail_recorded',
        'call.recording_available',
        'contact.message_received',
      ]),
    );
    expect(contact.timeline.find((e) => e.type === 'call.recording_available')?.data.recordingUrl).toBe(recordingUrl);
    expect(contact.timeline.filter((e) => e.type === 'call.recording_available')).toHaveLength(1);
    // Twilio protects media with the account's credentials.
    const fetched = media.requests.filter((r) => r.url.includes(recordingSid));
    expect(fetched).toHaveLength(1);
    expect(fetched[0].authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);

    // The caller left a voicemail: the completed call is not a missed one.
    await twilio
      .post('/webhooks/twilio/voice/status', twilioFixture('voice-status-completed', { CallSid: call.CallSid }))
      .expect(204);
    expect(await db.query(`SELECT count(*)::int AS n FROM callback_task WHERE contact_id = $1`, [contactId])).toEqual([
      { n: 0 },
    ]);
  });

  it('keeps the recording URL and retries the download when the media host fails at first', async () => {
    const call = newCall();
    const { contactId } = await incoming(call);
    const recordingSid = sid('RE');
    failuresLeft.set(recordingSid, 2);
    const recordingUrl = `${media.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`;
    await twilio
      .post(
        '/webhooks/twilio/voice/recording',
        twilioFixture('voice-recording-status', {
          CallSid: call.CallSid,
          RecordingSid: recordingSid,
          RecordingUrl: recordingUrl,
        }),
      )
      .expect(204);
    const pending = await getContact(contactId);
    expect(pending.timeline.find((e) => e.type === 'call.recording_available')?.data.recordingUrl).toBe(recordingUrl);

    const contact = await eventually(
      async () => {
        const c = await getContact(contactId);
        return c.attachments.length > 0 ? c : undefined;
      },
      15_000,
      200,
    );
    expect(contact.attachments[0].kind).toBe('recording');
    expect(media.requests.filter((r) => r.url.includes(recordingSid))).toHaveLength(3);
  });

  it('never fetches from a host outside TWILIO_MEDIA_HOSTS, and records why next to the URL', async () => {
    const call = newCall();
    const { contactId } = await incoming(call);
    const recordingSid = sid('RE');
    const recordingUrl = `https://media.attacker.example/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`;
    await twilio
      .post(
        '/webhooks/twilio/voice/recording',
        twilioFixture('voice-recording-status', {
          CallSid: call.CallSid,
          RecordingSid: recordingSid,
          RecordingUrl: recordingUrl,
        }),
      )
      .expect(204);
    const failure = await eventually(async () => {
      const c = await getContact(contactId);
      return c.timeline.find((e) => e.type === 'media.fetch_failed');
    });
    expect(failure.data).toMatchObject({ externalId: recordingSid, url: `${recordingUrl}.mp3` });
    expect(String(failure.data.reason)).toContain('TWILIO_MEDIA_HOSTS');
    expect((await getContact(contactId)).attachments).toEqual([]);
  });

  it('answers 404 for a recording of a call it never saw', async () => {
    const status = twilioFixture('voice-recording-status', { CallSid: sid('CA') });
    const res = await twilio.post('/webhooks/twilio/voice/recording', status).expect(404);
    expect(res.body.code).toBe('not_found');
  });

  describe('status callbacks and missed calls', () => {
    const taskOf = async (contactId: string) =>
      db.query(`SELECT phone, reason, status, language FROM callback_task WHERE contact_id = $1`, [contactId]);

    it('records the final status and duration; a no-answer becomes one callback task', async () => {
      // The status callback alone is enough: the call is known by its CallSid from its fields.
      const status = twilioFixture('voice-status-no-answer', { CallSid: sid('CA') });
      await twilio.post('/webhooks/twilio/voice/status', status).expect(204);
      await twilio.post('/webhooks/twilio/voice/status', status).expect(204);
      const contactId = await contactIdOfCall(status.CallSid);
      expect(await taskOf(contactId)).toEqual([
        { phone: '+819012345678', reason: 'no-answer', status: 'open', language: 'ja' },
      ]);
      const contact = await getContact(contactId);
      expect(contact.medium).toBe('voice');
      expect(contact.timeline.find((e) => e.type === 'call.ended')?.data).toMatchObject({
        status: 'no-answer',
        durationSeconds: 0,
      });
      expect(types(contact).filter((x) => x.startsWith('call.') || x.startsWith('callback.'))).toEqual([
        'call.ended',
        'call.missed',
        'callback.task_created',
      ]);
    });

    it('records a completed call with its duration and no task when an agent was bridged', async () => {
      const call = newCall();
      const { contactId } = await incoming(call);
      const bridged = await twilio
        .post(
          '/webhooks/twilio/voice/bridged?agent=agent-7f3e',
          twilioFixture('voice-bridged', { CallSid: call.CallSid }),
        )
        .expect(200);
      expect(verbs(parseTwiml(bridged.text))).toEqual([]);
      await twilio
        .post(
          '/webhooks/twilio/voice/queue-exit',
          twilioFixture('voice-queue-exit-leave', { CallSid: call.CallSid, QueueResult: 'bridged' }),
        )
        .expect(200)
        .expect((res) => expect(verbs(parseTwiml(res.text))).toEqual(['Hangup']));
      await twilio
        .post('/webhooks/twilio/voice/status', twilioFixture('voice-status-completed', { CallSid: call.CallSid }))
        .expect(204);
      const contact = await getContact(contactId);
      expect(contact.timeline.find((e) => e.type === 'call.bridged')?.data).toMatchObject({
        agentIdentity: 'agent-7f3e',
      });
      expect(contact.timeline.find((e) => e.type === 'call.ended')?.data).toMatchObject({
        status: 'completed',
        durationSeconds: 47,
      });
      expect(await taskOf(contactId)).toEqual([]);
    });

    it('makes a completed call without agent or voicemail an abandoned one to call back', async () => {
      const call = newCall();
      const { contactId } = await incoming(call);
      await twilio
        .post('/webhooks/twilio/voice/status', twilioFixture('voice-status-completed', { CallSid: call.CallSid }))
        .expect(204);
      expect(await taskOf(contactId)).toEqual([expect.objectContaining({ reason: 'abandoned', status: 'open' })]);
    });

    it('notes a missed call from a withheld number without a task nobody could do', async () => {
      const status = twilioFixture('voice-status-no-answer', {
        CallSid: sid('CA'),
        From: 'anonymous',
        Caller: 'anonymous',
      });
      await twilio.post('/webhooks/twilio/voice/status', status).expect(204);
      const contactId = await contactIdOfCall(status.CallSid);
      expect(await taskOf(contactId)).toEqual([]);
      const contact = await getContact(contactId);
      expect(contact.timeline.find((e) => e.type === 'call.missed')?.data).toMatchObject({
        reason: 'no-answer',
        callback: false,
      });
    });

    it('ignores status callbacks of agent softphone legs', async () => {
      const status = twilioFixture('voice-status-completed', { CallSid: sid('CA'), From: 'client:agent-7f3e' });
      await twilio.post('/webhooks/twilio/voice/status', status).expect(204);
      expect(await db.query(`SELECT count(*)::int AS n FROM contact WHERE external_id = $1`, [status.CallSid])).toEqual(
        [{ n: 0 }],
      );
    });
  });

  describe('agent softphone (TwiML App voice URL)', () => {
    const assignTo = async (contactId: string) => {
      const [{ id }] = await db.query<{ id: string }[]>(`SELECT id FROM app_user LIMIT 1`);
      await db.query(`UPDATE contact SET status = 'assigned' WHERE id = $1`, [contactId]);
      await db.query(`INSERT INTO assignment (contact_id, agent_id, medium) VALUES ($1, $2, 'voice')`, [contactId, id]);
      return { agentId: id, from: `client:${softphoneIdentity(id)}` };
    };

    it('bridges the agent the call is assigned to with the queue of its caller', async () => {
      const { contactId } = await incoming(newCall());
      await eventually(async () => ((await getContact(contactId)).status === 'queued' ? true : undefined));
      const { from } = await assignTo(contactId);
      const res = await twilio
        .post(
          '/webhooks/twilio/voice/agent',
          twilioFixture('voice-agent-connect', { CallSid: sid('CA'), contactId, From: from, Caller: from }),
        )
        .expect(200);
      const queue = child(child(parseTwiml(res.text), 'Dial'), 'Queue');
      expect(queue.text).toBe(`contact-${contactId}`);
      expect(queue.attributes.url).toBe(
        `${PUBLIC}/webhooks/twilio/voice/bridged?agent=${encodeURIComponent(from.slice('client:'.length))}`,
      );
      expect(types(await getContact(contactId))).toContain('call.agent_connecting');
    });

    it('refuses, in TwiML, an agent the call is not assigned to', async () => {
      const { contactId } = await incoming(newCall());
      await eventually(async () => ((await getContact(contactId)).status === 'queued' ? true : undefined));
      const waiting = await twilio
        .post('/webhooks/twilio/voice/agent', twilioFixture('voice-agent-connect', { CallSid: sid('CA'), contactId }))
        .expect(200);
      expect(verbs(parseTwiml(waiting.text))).toEqual(['Say', 'Hangup']);
      await assignTo(contactId);
      const intruder = await twilio
        .post('/webhooks/twilio/voice/agent', twilioFixture('voice-agent-connect', { CallSid: sid('CA'), contactId }))
        .expect(200);
      expect(verbs(parseTwiml(intruder.text))).toEqual(['Say', 'Hangup']);
    });

    it('refuses, in TwiML, a contact that is not waiting for an agent', async () => {
      const { contactId } = await incoming(newCall());
      await eventually(async () => ((await getContact(contactId)).status === 'queued' ? true : undefined));
      await db.query(`UPDATE contact SET status = 'closed' WHERE id = $1`, [contactId]);
      const closed = await twilio
        .post('/webhooks/twilio/voice/agent', twilioFixture('voice-agent-connect', { CallSid: sid('CA'), contactId }))
        .expect(200);
      expect(verbs(parseTwiml(closed.text))).toEqual(['Say', 'Hangup']);
      const missing = await twilio
        .post(
          '/webhooks/twilio/voice/agent',
          twilioFixture('voice-agent-connect', {
            CallSid: sid('CA'),
            contactId: '5b0c4c0e-2f7e-4f59-9d2a-0b6c8f3a1e11',
            // An agent's softphone (a stranger's is refused before the contact is even looked up).
            From: `client:${softphoneIdentity('7f3e0000-0000-4000-8000-000000000001')}`,
          }),
        )
        .expect(200);
      expect(child(parseTwiml(missing.text), 'Say').text).toContain('does not exist');
    });

    it('answers 400 naming contactId when it is not a contact id', async () => {
      const res = await twilio
        .post(
          '/webhooks/twilio/voice/agent',
          twilioFixture('voice-agent-connect', { CallSid: sid('CA'), contactId: 'DROP TABLE' }),
        )
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'contactId', message: expect.stringContaining('contactId') }]);
    });
  });
});
