import request from 'supertest';
import { DataSource } from 'typeorm';
import { controlClock } from '../helpers/controlled-clock';
import { bearer, login } from '../helpers/http';
import { MailCatcher } from '../helpers/smtp';
import { sid, twilioFixture, twilioSender, TwilioSender } from '../helpers/telephony';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';
import { child, parseTwiml, verbs } from '../helpers/twiml';

const AUTH_TOKEN = 'twilio-test-auth-token-0123456789';
const PUBLIC = 'https://cc.example.test';
const TOKYO_WEEK = {
  timezone: 'Asia/Tokyo',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
  holidays: [],
};
/** Saturday 2026-12-05 10:00 in Tokyo; the center opens again on Monday 2026-12-07 09:00 (00:00 UTC). */
const SATURDAY = '2026-12-05T01:00:00Z';
const MONDAY_OPENING = '2026-12-07T00:00:00.000Z';

describe('after hours', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let twilio: TwilioSender;
  let clock: ReturnType<typeof controlClock>;
  const catcher = new MailCatcher();

  beforeAll(async () => {
    const smtpPort = await catcher.start();
    t = await startTestApp({
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_ACCOUNT_SID: twilioFixture('voice-incoming-call').AccountSid,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      VOICE_LANGUAGE_BY_NUMBER: '+14155550100=zh',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Acme Sales <sales@acme.example>',
      INQUIRY_RATE_LIMIT: '0',
    });
    db = t.app.get(DataSource);
    admin = await login(t);
    twilio = twilioSender(t.url, PUBLIC, AUTH_TOKEN);
    await request(t.url).put('/business-hours').set(bearer(admin)).send(TOKYO_WEEK).expect(200);
    clock = controlClock(t, SATURDAY);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
    await catcher.stop();
  });

  const call = async (overrides: Record<string, string> = {}) => {
    const fields = twilioFixture('voice-incoming-call', { CallSid: sid('CA'), ...overrides });
    const res = await twilio.post('/webhooks/twilio/voice', fields).expect(200);
    const [contact] = await db.query<{ id: string }[]>(
      `SELECT id FROM contact WHERE source = 'twilio' AND external_id = $1`,
      [fields.CallSid],
    );
    return { callSid: fields.CallSid, twiml: parseTwiml(res.text), contactId: contact.id };
  };
  const eventsOf = (contactId: string, type: string) =>
    db.query<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM timeline_event WHERE contact_id = $1 AND type = $2`,
      [contactId, type],
    );

  it('greets a caller in Japanese with the next opening and goes straight to voicemail', async () => {
    const { twiml, contactId, callSid } = await call();
    expect(verbs(twiml)).toEqual(['Say', 'Record', 'Hangup']);
    expect(child(twiml, 'Say').attributes).toEqual({ language: 'ja-JP', voice: 'Polly.Mizuki' });
    expect(child(twiml, 'Say').text).toContain('ただいま営業時間外です。次の営業開始は12月7日月曜日 9:00です。');
    expect(child(twiml, 'Record').attributes).toMatchObject({
      action: `${PUBLIC}/webhooks/twilio/voice/voicemail?lang=ja`,
      recordingStatusCallback: `${PUBLIC}/webhooks/twilio/voice/recording`,
    });
    expect(await eventsOf(contactId, 'call.after_hours')).toEqual([
      { data: expect.objectContaining({ nextOpening: MONDAY_OPENING, timezone: 'Asia/Tokyo' }) as unknown },
    ]);

    // The voicemail is the existing one: recorded, thanked, noted on the contact.
    const done = await twilio
      .post(
        '/webhooks/twilio/voice/voicemail?lang=ja',
        twilioFixture('voice-voicemail-recorded', { CallSid: callSid, RecordingSid: sid('RE') }),
      )
      .expect(200);
    expect(verbs(parseTwiml(done.text))).toEqual(['Say', 'Hangup']);
    expect(await eventsOf(contactId, 'call.voicemail_recorded')).toHaveLength(1);
  });

  it.each([
    ['zh', '+14155550100', 'cmn-CN', '现在是非营业时间，我们将于12月7日星期一 9:00恢复营业。'],
    ['en', '+14155550199', 'en-US', 'We are closed right now and open again on Monday, December 7 at 9:00'],
  ])('greets a %s caller in their language', async (_language, to, locale, text) => {
    const { twiml } = await call({ To: to, Called: to });
    expect(verbs(twiml)).toEqual(['Say', 'Record', 'Hangup']);
    expect(child(twiml, 'Say').attributes.language).toBe(locale);
    expect(child(twiml, 'Say').text).toContain(text);
  });

  it('tells a web customer after hours when they will be answered, in their language and the business time zone', async () => {
    const ja = 'hanako@after-hours-ja.example';
    const en = 'ann@after-hours-en.example';
    await request(t.url)
      .post('/inquiries')
      .send({ name: '佐藤 花子', email: ja, message: 'サーバーの見積もりをお願いします。' })
      .expect(202);
    await request(t.url)
      .post('/inquiries')
      .send({ name: 'Ann Lee', email: en, message: 'Please send a quote.' })
      .expect(202);
    const [jaAck] = await eventually(() => Promise.resolve(catcher.to(ja).length ? catcher.to(ja) : undefined), 10_000);
    expect(jaAck.text).toContain(
      'ただいま営業時間外のため、2026年12月7日月曜日 9:00 (Asia/Tokyo) 以降に担当者よりご連絡いたします。',
    );
    const [enAck] = await eventually(() => Promise.resolve(catcher.to(en).length ? catcher.to(en) : undefined), 10_000);
    expect(enAck.text).toContain('will answer you from Monday, December 7, 2026 at 9:00');
    expect(enAck.text).toContain('(Asia/Tokyo)');
  });

  it('queues callers and sends the plain acknowledgement once the center is open', async () => {
    clock.set('2026-12-07T01:00:00Z'); // Monday 10:00 in Tokyo
    const { twiml } = await call();
    expect(verbs(twiml)).toEqual(['Say', 'Enqueue']);
    const email = 'open@after-hours-en.example';
    await request(t.url)
      .post('/inquiries')
      .send({ name: 'Open Hours', email, message: 'Please send a quote.' })
      .expect(202);
    const [ack] = await eventually(
      () => Promise.resolve(catcher.to(email).length ? catcher.to(email) : undefined),
      10_000,
    );
    expect(ack.text).not.toContain('closed');
  });
});
