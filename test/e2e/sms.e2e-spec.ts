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

const AUTH_TOKEN = 'twilio-test-auth-token-sms';
const PUBLIC = 'https://cc.example.test/base';
const AUTO_REPLY = 'お問い合わせありがとうございます。担当者よりご連絡いたします。';
const IMAGE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(512, 7)]);

interface ContactBody {
  id: string;
  medium: string;
  language: string;
  body: string;
  from: { phone: string | null };
  attachments: { id: string; kind: string; contentType: string; size: number }[];
  timeline: { type: string; data: Record<string, unknown> }[];
}

describe('Twilio SMS webhook', () => {
  let media: StandInServer;
  let t: TestApp;
  let db: DataSource;
  let token: string;
  let twilio: TwilioSender;
  let phoneSeq = 0;

  beforeAll(async () => {
    media = await startStandInServer((req, res) => {
      if (/\/Media\/ME[0-9a-f]{32}$/.test(req.url ?? ''))
        res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(IMAGE);
      else res.writeHead(404).end();
    });
    t = await startTestApp({
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_MEDIA_HOSTS: media.host,
      SMS_AUTO_REPLY: AUTO_REPLY,
      SMS_CONVERSATION_WINDOW_MINUTES: '60',
    });
    db = t.app.get(DataSource);
    token = await login(t);
    twilio = twilioSender(t.url, PUBLIC, AUTH_TOKEN);
  });
  afterAll(async () => {
    await t.close();
    await media.close();
  });

  /** A distinct Japanese mobile number per test. */
  const newPhone = () => `+8180${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;
  const message = (from: string, overrides: Record<string, string> = {}) => {
    const messageSid = sid('SM');
    return twilioFixture('sms-incoming', {
      From: from,
      MessageSid: messageSid,
      SmsSid: messageSid,
      SmsMessageSid: messageSid,
      ...overrides,
    });
  };
  const send = (params: Record<string, string>) => twilio.post('/webhooks/twilio/sms', params);
  const contactsFrom = (phone: string): Promise<{ id: string }[]> =>
    db.query(`SELECT id FROM contact WHERE from_phone = $1 ORDER BY created_at`, [phone]);
  const getContact = async (id: string) =>
    (await request(t.url).get(`/contacts/${id}`).set(bearer(token)).expect(200)).body as ContactBody;

  it('makes a first SMS an sms contact and answers the automatic reply', async () => {
    const phone = newPhone();
    const res = await send(message(phone)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(child(parseTwiml(res.text), 'Message').text).toBe(AUTO_REPLY);
    const [row] = await contactsFrom(phone);
    const contact = await getContact(row.id);
    expect(contact).toMatchObject({ medium: 'sms', language: 'ja', from: { phone } });
    expect(contact.body).toContain('見積もり');
  });

  it('joins a second SMS within the window to the same contact, without another reply', async () => {
    const phone = newPhone();
    await send(message(phone)).expect(200);
    const second = await send(message(phone, { Body: 'Also: 30 units, delivery in March.' })).expect(200);
    expect(verbs(parseTwiml(second.text))).toEqual([]);
    const rows = await contactsFrom(phone);
    expect(rows).toHaveLength(1);
    const messages = await db.query(`SELECT body, medium, from_address FROM contact_message WHERE contact_id = $1`, [
      rows[0].id,
    ]);
    expect(messages).toEqual([{ body: 'Also: 30 units, delivery in March.', medium: 'sms', from_address: phone }]);
    expect((await getContact(rows[0].id)).timeline.map((e) => e.type)).toContain('contact.message_received');
  });

  it('answers retries exactly as the first delivery and stores nothing twice', async () => {
    const phone = newPhone();
    const first = message(phone);
    const followUp = message(phone, { Body: 'second' });
    const a1 = await send(first).expect(200);
    const b1 = await send(followUp).expect(200);
    const a2 = await send(first).expect(200);
    const b2 = await send(followUp).expect(200);
    expect(a2.text).toBe(a1.text);
    expect(b2.text).toBe(b1.text);
    const rows = await contactsFrom(phone);
    expect(rows).toHaveLength(1);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM contact_message WHERE contact_id = $1`, [rows[0].id]),
    ).toEqual([{ n: 1 }]);
  });

  it('stores one contact when ten identical webhooks arrive at once', async () => {
    const phone = newPhone();
    const params = message(phone);
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(params)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(child(parseTwiml(answers[0].text), 'Message').text).toBe(AUTO_REPLY);
    expect(await contactsFrom(phone)).toHaveLength(1);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM contact_message WHERE external_id = $1`, [params.MessageSid]),
    ).toEqual([{ n: 0 }]);
  });

  it('keeps one conversation when different messages of a new number arrive together', async () => {
    const phone = newPhone();
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => send(message(phone, { Body: `part ${i}` }))));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    const rows = await contactsFrom(phone);
    expect(rows).toHaveLength(1);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM contact_message WHERE contact_id = $1`, [rows[0].id]),
    ).toEqual([{ n: 4 }]);
    expect(answers.filter((a) => verbs(parseTwiml(a.text)).includes('Message'))).toHaveLength(1);
  });

  /** Classification updates the row too: let it finish before moving the clock of a contact. */
  const classified = (id: string) =>
    eventually(async () => {
      const rows: { status: string }[] = await db.query(`SELECT status FROM contact WHERE id = $1`, [id]);
      return rows[0]?.status === 'queued' ? true : undefined;
    });

  it('starts a new conversation after the window; within it, an answer reopens a closed one', async () => {
    const phone = newPhone();
    await send(message(phone)).expect(200);
    const [first] = await contactsFrom(phone);
    await classified(first.id);
    await db.query(`UPDATE contact SET updated_at = now() - interval '61 minutes' WHERE id = $1`, [first.id]);
    const late = await send(message(phone, { Body: 'me again' })).expect(200);
    expect(child(parseTwiml(late.text), 'Message').text).toBe(AUTO_REPLY);
    const rows = await contactsFrom(phone);
    expect(rows).toHaveLength(2);
    await classified(rows[1].id);
    await db.query(`UPDATE contact SET status = 'closed' WHERE id = $1`, [rows[1].id]);
    const again = await send(message(phone, { Body: 'and again' })).expect(200);
    expect(verbs(parseTwiml(again.text))).not.toContain('Message'); // no second automatic reply
    expect(await contactsFrom(phone)).toHaveLength(2);
    await classified(rows[1].id);
    const reopened: { type: string }[] = await db.query(
      `SELECT type FROM timeline_event WHERE contact_id = $1 AND type = 'contact.reopened'`,
      [rows[1].id],
    );
    expect(reopened).toHaveLength(1);
  });

  it("joins the customer's answer to the contact an agent texted them from", async () => {
    const phone = newPhone();
    await send(message(phone)).expect(200);
    const [texted] = await contactsFrom(phone);
    await classified(texted.id);
    // The conversation went quiet; an agent then answered a web inquiry of the same person by SMS.
    await db.query(`UPDATE contact SET updated_at = now() - interval '2 hours' WHERE id = $1`, [texted.id]);
    const [web] = await db.query<{ id: string }[]>(
      `INSERT INTO contact (medium, source, status, inquiry_type, language, body, from_name, from_phone)
       VALUES ('web', 'web_form', 'closed', 'question', 'en', 'Please call me back', 'Web Customer', $1) RETURNING id`,
      [phone],
    );
    await db.query(
      `INSERT INTO contact_message (contact_id, direction, medium, source, to_address, body, status)
       VALUES ($1, 'outbound', 'sms', 'twilio', $2, 'Here is our quote', 'delivered')`,
      [web.id, phone],
    );
    await send(message(phone, { Body: 'Thanks, looks good' })).expect(200);
    const joined: { body: string }[] = await db.query(
      `SELECT body FROM contact_message WHERE contact_id = $1 AND direction = 'inbound'`,
      [web.id],
    );
    expect(joined).toEqual([{ body: 'Thanks, looks good' }]);
    expect(await contactsFrom(phone)).toHaveLength(2); // the first sms contact and the web one; nothing new
  });

  it('keeps MMS media URLs in the metadata and attaches the media fetched from the media host', async () => {
    const phone = newPhone();
    const mmsSid = sid('MM');
    const urls = [0, 1].map(() => `${media.url}/2010-04-01/Accounts/AC0/Messages/${mmsSid}/Media/${sid('ME')}`);
    const params = twilioFixture('mms-incoming', {
      From: phone,
      MessageSid: mmsSid,
      SmsSid: mmsSid,
      SmsMessageSid: mmsSid,
      MediaUrl0: urls[0],
      MediaUrl1: urls[1],
    });
    await send(params).expect(200);
    const [row] = await contactsFrom(phone);
    const stored: { metadata: { media: { url: string }[] } }[] = await db.query(
      `SELECT metadata FROM contact WHERE id = $1`,
      [row.id],
    );
    expect(stored[0].metadata.media.map((m) => m.url)).toEqual(urls);
    const contact = await eventually(async () => {
      const c = await getContact(row.id);
      return c.attachments.length === 2 ? c : undefined;
    }, 10_000);
    expect(contact.attachments.map((a) => [a.kind, a.contentType, a.size])).toEqual([
      ['attachment', 'image/jpeg', IMAGE.length],
      ['attachment', 'image/jpeg', IMAGE.length],
    ]);
    await send(params).expect(200); // a retry fetches nothing twice
    await new Promise((r) => setTimeout(r, 300));
    expect((await getContact(row.id)).attachments).toHaveLength(2);
  });

  it.each([
    ['a missing MessageSid', { MessageSid: undefined }, 'MessageSid'],
    ['a malformed MessageSid', { MessageSid: 'SM123' }, 'MessageSid'],
    ['a From that is no phone number', { From: 'not-a-number' }, 'From'],
    ['NumMedia without its URL', { NumMedia: '1' }, 'MediaUrl0'],
  ])('answers 400 for %s, naming the field, and stores nothing', async (_name, overrides, field) => {
    const params = message(newPhone(), overrides as Record<string, string>);
    const res = await send(params).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await contactsFrom(params.From ?? '')).toEqual([]);
  });
});
