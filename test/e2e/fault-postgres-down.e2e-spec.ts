import { Client } from 'pg';
import request from 'supertest';
import { capturedPost } from '../helpers/email-fixtures';
import { bearer, login } from '../helpers/http';
import { TcpProxy } from '../helpers/tcp-proxy';
import { sid, twilioFixture, twilioSender, TwilioSender } from '../helpers/telephony';
import { eventually, startTestApp, TestApp, TEST_PG_URL } from '../helpers/test-app';

const AUTH_TOKEN = 'twilio-test-auth-token-faults';
const PUBLIC = 'https://cc.example.test/base';
const BASIC = 'sendgrid:s3cret-pass';
const TABLES = ['contact', 'contact_message', 'outbox', 'timeline_event', 'customer', 'person', 'attachment'];

/**
 * PostgreSQL unreachable (the app's database connections go through a TCP proxy that is cut):
 * every webhook and the inquiry form answer 503 with Retry-After, never 500, store nothing, and
 * succeed again once PostgreSQL is back, without a restart.
 */
describe('fault: PostgreSQL unreachable', () => {
  const pgProxy = new TcpProxy('127.0.0.1', 5432);
  let t: TestApp;
  let direct: Client;
  let staff: string;
  let twilio: TwilioSender;

  beforeAll(async () => {
    await pgProxy.start();
    t = await startTestApp(
      {
        PUBLIC_BASE_URL: PUBLIC,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        INBOUND_EMAIL_BASIC_AUTH: BASIC,
        DATABASE_CONNECT_TIMEOUT_MS: '2000',
      },
      { databaseServerUrl: `postgres://postgres@127.0.0.1:${pgProxy.port}` },
    );
    // Row counts are read around the proxy, straight from PostgreSQL.
    direct = new Client({ connectionString: `${TEST_PG_URL}/${t.databaseName}` });
    await direct.connect();
    staff = await login(t);
    twilio = twilioSender(t.url, PUBLIC, AUTH_TOKEN);
  });
  afterAll(async () => {
    pgProxy.restore();
    await direct.end();
    await t.close();
    await pgProxy.stop();
  });

  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      out[table] = (await direct.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    }
    return out;
  };

  const call = twilioFixture('voice-incoming-call', { CallSid: sid('CA') });
  const smsSid = sid('SM');
  const sms = twilioFixture('sms-incoming', {
    From: '+818011112222',
    MessageSid: smsSid,
    SmsSid: smsSid,
    SmsMessageSid: smsSid,
  });
  const inquiry = { name: 'Outage Buyer', email: 'outage@buyer.example.com', message: 'Please quote 5 servers.' };
  const basic = { Authorization: `Basic ${Buffer.from(BASIC).toString('base64')}` };
  const mail = capturedPost('sendgrid-inbound.multipart.txt');

  const requests: [string, () => request.Test][] = [
    ['POST /inquiries', () => request(t.url).post('/inquiries').set('Idempotency-Key', 'outage-1').send(inquiry)],
    ['Twilio voice', () => twilio.post('/webhooks/twilio/voice', call)],
    ['Twilio SMS', () => twilio.post('/webhooks/twilio/sms', sms)],
    [
      'SendGrid',
      () =>
        request(t.url)
          .post('/webhooks/email/sendgrid')
          .set(basic)
          .set('Content-Type', mail.contentType)
          .send(mail.body),
    ],
    ['staff GET /contacts', () => request(t.url).get('/contacts').set(bearer(staff))],
  ];

  it('answers 503 with Retry-After naming the dependency, stores nothing, and serves again once it is back', async () => {
    const before = await counts();
    pgProxy.cut();

    for (const [name, send] of requests) {
      const res = await send();
      expect({ name, status: res.status }).toEqual({ name, status: 503 });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'unavailable' });
      expect(res.body.message).toMatch(/PostgreSQL/);
    }
    expect(await counts()).toEqual(before);

    pgProxy.restore();
    // Recovery without a restart: the pool reconnects by itself.
    await eventually(
      async () => ((await request(t.url).get('/health')).status === 200 ? true : undefined),
      15_000,
      200,
    );
    for (const [name, send] of requests) {
      const res = await send();
      expect({ name, ok: res.status >= 200 && res.status < 300 }).toEqual({ name, ok: true });
    }
    const after = await counts();
    // The inquiry, the call, the SMS and the e-mail: four contacts, each once.
    expect(after.contact).toBe(before.contact + 4);
  });
});
