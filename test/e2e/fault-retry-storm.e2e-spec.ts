import request from 'supertest';
import { DataSource } from 'typeorm';
import { sid, twilioFixture, twilioSender, TwilioSender } from '../helpers/telephony';
import { startTestApp, TestApp } from '../helpers/test-app';

const AUTH_TOKEN = 'twilio-test-auth-token-storm';
const PUBLIC = 'https://cc.example.test/base';
const BURST = 100;

/**
 * A provider retrying hard: the same delivery 100 times at once, then the same burst again once
 * the first has settled. Exactly one contact and one contact.process job, every answer a 2xx equal
 * to the first, never a 500.
 */
describe('fault: retry storm of one delivery', () => {
  let t: TestApp;
  let db: DataSource;
  let twilio: TwilioSender;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: PUBLIC, TWILIO_AUTH_TOKEN: AUTH_TOKEN, INQUIRY_RATE_LIMIT: '0' });
    db = t.app.get(DataSource);
    twilio = twilioSender(t.url, PUBLIC, AUTH_TOKEN);
  });
  afterAll(() => t.close());

  const storm = async (send: () => request.Test): Promise<request.Response[]> => {
    const first = await Promise.all(Array.from({ length: BURST }, () => send()));
    const again = await Promise.all(Array.from({ length: BURST }, () => send()));
    return [...first, ...again];
  };

  const expectOneContact = async (source: string, externalId: string) => {
    const rows = await db.query<{ id: string }[]>(`SELECT id FROM contact WHERE source = $1 AND external_id = $2`, [
      source,
      externalId,
    ]);
    expect(rows).toHaveLength(1);
    const jobs = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox WHERE job_id = $1`, [
      `contact.process.${rows[0].id}`,
    ]);
    expect(jobs).toEqual([{ n: 1 }]);
    return rows[0].id;
  };

  const statuses = (answers: request.Response[]) => [...new Set(answers.map((a) => a.status))];

  it('a Twilio voice call (one CallSid)', async () => {
    const call = twilioFixture('voice-incoming-call', { CallSid: sid('CA') });
    const answers = await storm(() => twilio.post('/webhooks/twilio/voice', call));
    expect(statuses(answers)).toEqual([200]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    await expectOneContact('twilio', call.CallSid);
  });

  it('a web inquiry (one Idempotency-Key)', async () => {
    const body = { name: 'Storm', email: 'storm@buyer.example.com', message: 'Please quote 3 servers.' };
    const answers = await storm(() => request(t.url).post('/inquiries').set('Idempotency-Key', 'storm-1').send(body));
    expect(statuses(answers)).toEqual([202]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const [row] = await db.query<{ source: string }[]>(`SELECT source FROM contact WHERE external_id = 'storm-1'`);
    await expectOneContact(row.source, 'storm-1');
  });

  it('an SMS (one MessageSid)', async () => {
    const messageSid = sid('SM');
    const sms = twilioFixture('sms-incoming', {
      From: '+818033334444',
      MessageSid: messageSid,
      SmsSid: messageSid,
      SmsMessageSid: messageSid,
    });
    const answers = await storm(() => twilio.post('/webhooks/twilio/sms', sms));
    expect(statuses(answers)).toEqual([200]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    await expectOneContact('twilio', messageSid);
  });
});
