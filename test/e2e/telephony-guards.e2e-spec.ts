import fc from 'fast-check';
import request from 'supertest';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { genericFaxSignature, sid, twilioFixture, twilioSender } from '../helpers/telephony';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

const AUTH_TOKEN = 'twilio-test-auth-token-guards';
const FAX_SECRET = 'fax-secret-guards';
const PUBLIC = 'https://cc.example.test';

const TWILIO_ENDPOINTS: [path: string, fixture: string][] = [
  ['/webhooks/twilio/voice', 'voice-incoming-call'],
  ['/webhooks/twilio/voice/wait?lang=en', 'voice-wait'],
  ['/webhooks/twilio/voice/queue-exit', 'voice-queue-exit-leave'],
  ['/webhooks/twilio/voice/voicemail?lang=en', 'voice-voicemail-recorded'],
  ['/webhooks/twilio/voice/recording', 'voice-recording-status'],
  ['/webhooks/twilio/voice/status', 'voice-status-no-answer'],
  ['/webhooks/twilio/voice/bridged', 'voice-bridged'],
  ['/webhooks/twilio/voice/agent', 'voice-agent-connect'],
  ['/webhooks/twilio/sms', 'sms-incoming'],
];
const ALL_ENDPOINTS = [...TWILIO_ENDPOINTS.map(([path]) => path), '/webhooks/fax/phaxio', '/webhooks/fax/generic'];

describe('telephony and fax webhooks: signatures, configuration and hostile input', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: PUBLIC, TWILIO_AUTH_TOKEN: AUTH_TOKEN, FAX_WEBHOOK_SECRET: FAX_SECRET });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const countStored = async () =>
    (await db.query(`SELECT (SELECT count(*) FROM contact) + (SELECT count(*) FROM timeline_event) AS n`))[0]
      .n as string;

  describe('X-Twilio-Signature', () => {
    const sender = () => twilioSender(t.url, PUBLIC, AUTH_TOKEN);

    it.each(TWILIO_ENDPOINTS)(
      '%s refuses a missing, wrong or misplaced signature with 403 and stores nothing',
      async (path, fixture) => {
        const before = await countStored();
        const params = twilioFixture(fixture, { CallSid: sid('CA') });
        const twilioSigned = sender();
        for (const signature of [
          null,
          '',
          'bm90IGEgc2lnbmF0dXJl',
          twilio.getExpectedTwilioSignature('another-token', PUBLIC + path, params),
          // Right token, but for another URL or other parameters.
          twilio.getExpectedTwilioSignature(AUTH_TOKEN, `https://attacker.example${path}`, params),
          twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC + path, { ...params, From: '+14155550000' }),
        ]) {
          const res = await twilioSigned.postSignedWith(signature, path, params).expect(403);
          expect(res.body.errors[0].field).toBe('X-Twilio-Signature');
        }
        expect(await countStored()).toBe(before);
      },
    );

    it('accepts the URL signed with the default port, as Twilio may sign it', async () => {
      const params = twilioFixture('voice-incoming-call', { CallSid: sid('CA') });
      const path = '/webhooks/twilio/voice';
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `https://cc.example.test:443${path}`, params);
      await sender().postSignedWith(signature, path, params).expect(200);
      // Let the worker finish with it, so its timeline events do not count against the next tests.
      await eventually(async () => {
        const rows: { status: string }[] = await db.query(`SELECT status FROM contact WHERE external_id = $1`, [
          params.CallSid,
        ]);
        return rows[0]?.status === 'queued' ? true : undefined;
      });
    });

    it.each([
      ['/webhooks/twilio/voice', 'voice-incoming-call', { CallSid: 'CA-not-a-sid' }, 'CallSid'],
      ['/webhooks/twilio/voice', 'voice-incoming-call', { From: 'somebody' }, 'From'],
      ['/webhooks/twilio/voice', 'voice-incoming-call', { AccountSid: undefined }, 'AccountSid'],
      ['/webhooks/twilio/voice/wait?lang=xx', 'voice-wait', {}, 'lang'],
      ['/webhooks/twilio/voice/wait?lang=en', 'voice-wait', { QueueTime: 'ten' }, 'QueueTime'],
      ['/webhooks/twilio/voice/queue-exit', 'voice-queue-exit-leave', { QueueResult: 'vanished' }, 'QueueResult'],
      ['/webhooks/twilio/voice/recording', 'voice-recording-status', { RecordingSid: 'RE1' }, 'RecordingSid'],
      ['/webhooks/twilio/voice/status', 'voice-status-no-answer', { CallStatus: 'weird' }, 'CallStatus'],
      ['/webhooks/twilio/voice/bridged', 'voice-bridged', { DequeingCallSid: undefined }, 'DequeingCallSid'],
      ['/webhooks/twilio/sms', 'sms-incoming', { MessageSid: `MM${'z'.repeat(32)}` }, 'MessageSid'],
    ] as const)('%s with a malformed %s answers 400 naming the field', async (path, fixture, overrides, field) => {
      const before = await countStored();
      const res = await sender().post(path, twilioFixture(fixture, overrides)).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(await countStored()).toBe(before);
    });
  });

  describe('hostile bodies never cause a 500', () => {
    const contentTypes = [
      'application/x-www-form-urlencoded',
      'application/json',
      'multipart/form-data; boundary=xYzZY',
      'multipart/form-data',
      'application/octet-stream',
      'text/plain',
    ];

    it('random bytes of any declared type, on every endpoint', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ALL_ENDPOINTS),
          fc.constantFrom(...contentTypes),
          fc.uint8Array({ maxLength: 600 }),
          fc.boolean(),
          async (path, contentType, bytes, signGeneric) => {
            const body = Buffer.from(bytes);
            const req = request(t.url).post(path).set('Content-Type', contentType).set('X-Twilio-Signature', 'x');
            // The generic fax route checks its signature over the raw body: sign the junk to reach its parser.
            if (signGeneric) req.set('X-Signature', genericFaxSignature(FAX_SECRET, body));
            const res = await req.send(body);
            expect(res.status).toBeGreaterThanOrEqual(400);
            expect(res.status).toBeLessThan(500);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('correctly signed Twilio requests with arbitrary field values', async () => {
      const names = [
        'CallSid',
        'AccountSid',
        'From',
        'To',
        'QueueTime',
        'QueueResult',
        'RecordingSid',
        'RecordingUrl',
        'RecordingStatus',
        'CallStatus',
        'CallDuration',
        'MessageSid',
        'Body',
        'NumMedia',
        'MediaUrl0',
        'contactId',
        'DequeingCallSid',
        'RecordingDuration',
        'Direction',
        '__proto__',
        'constructor',
      ];
      const twilioSigned = twilioSender(t.url, PUBLIC, AUTH_TOKEN);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...TWILIO_ENDPOINTS.map(([path]) => path)),
          fc.dictionary(
            fc.constantFrom(...names),
            fc.oneof(
              fc.string({ maxLength: 40 }),
              fc.constantFrom('+14155552671', 'anonymous', 'client:x', '0', '-1', '99999999999999999999'),
            ),
            { maxKeys: 10 },
          ),
          async (path, params) => {
            const res = await twilioSigned.post(path, params);
            expect(res.status).toBeLessThan(500);
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  it('a fax provider route it does not know answers 404', async () => {
    await request(t.url).post('/webhooks/fax/nope').send('x').expect(404);
  });
});

describe('webhooks whose secret is not configured', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: PUBLIC });
  });
  afterAll(() => t.close());

  it.each(TWILIO_ENDPOINTS)('%s answers 503 naming TWILIO_AUTH_TOKEN', async (path, fixture) => {
    const res = await twilioSender(t.url, PUBLIC, 'whatever').post(path, twilioFixture(fixture)).expect(503);
    expect(res.body.errors).toEqual([
      { field: 'TWILIO_AUTH_TOKEN', message: expect.stringContaining('TWILIO_AUTH_TOKEN') },
    ]);
  });

  it.each(['/webhooks/fax/phaxio', '/webhooks/fax/generic'])(
    '%s answers 503 naming FAX_WEBHOOK_SECRET',
    async (path) => {
      const res = await request(t.url).post(path).set('Content-Type', 'application/json').send('{}').expect(503);
      expect(res.body.errors).toEqual([
        { field: 'FAX_WEBHOOK_SECRET', message: expect.stringContaining('FAX_WEBHOOK_SECRET') },
      ]);
    },
  );
});
