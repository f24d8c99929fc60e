import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AgentClient } from '../helpers/agent-socket';
import { messageEvent, takeOffer, thread } from '../helpers/conversation';
import { bearer, login } from '../helpers/http';
import { INVALID_NUMBER, PhaxioStandIn, TwilioStandIn } from '../helpers/provider-stand-ins';
import { connectedUser } from '../helpers/routing';
import { faxFixture, phaxioTestSignature, sid, twilioFixture, twilioSender, TwilioSender } from '../helpers/telephony';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

const PUBLIC = 'https://cc.example.com';
const ACCOUNT = 'AC' + 'a1'.repeat(16);
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const FAX_SECRET = 'phaxio-callback-token';
const OUR_NUMBER = '+815012345678';
const CUSTOMER = '+818012345678';
const PDF = faxFixture('purchase-order.pdf');

describe('SMS and fax replies through the providers', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let twilio: TwilioSender;
  const twilioApi = new TwilioStandIn();
  const phaxioApi = new PhaxioStandIn();
  let agent: { id: string; token: string; client: AgentClient };
  let supervisor: { id: string; token: string; client: AgentClient };

  /** An inbound SMS makes (or joins) a contact; returns the contact's id. */
  async function inboundSms(from: string, body: string): Promise<string> {
    const messageSid = sid('SM');
    await twilio
      .post(
        '/webhooks/twilio/sms',
        twilioFixture('sms-incoming', {
          MessageSid: messageSid,
          SmsSid: messageSid,
          SmsMessageSid: messageSid,
          From: from,
          To: OUR_NUMBER,
          Body: body,
        }),
      )
      .expect(200);
    return eventually(async () => {
      const [row] = await db.query<{ id: string }[]>(`SELECT id FROM contact WHERE external_id = $1`, [messageSid]);
      return row?.id;
    });
  }

  const reply = (token: string, contactId: string, body: object) =>
    request(t.url).post(`/contacts/${contactId}/replies`).set(bearer(token)).send(body);

  const status = (messageSid: string, messageStatus: string, extra: Record<string, string> = {}) =>
    twilio.post('/webhooks/twilio/sms/status', {
      AccountSid: ACCOUNT,
      MessageSid: messageSid,
      SmsSid: messageSid,
      MessageStatus: messageStatus,
      SmsStatus: messageStatus,
      From: OUR_NUMBER,
      To: CUSTOMER,
      ApiVersion: '2010-04-01',
      ...extra,
    });

  beforeAll(async () => {
    await twilioApi.start();
    await phaxioApi.start();
    t = await startTestApp({
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: twilioApi.url,
      TWILIO_CALLER_ID: '+815099999999',
      FAX_WEBHOOK_SECRET: FAX_SECRET,
      PHAXIO_API_KEY: 'phaxio-key',
      PHAXIO_API_SECRET: 'phaxio-secret',
      PHAXIO_API_BASE_URL: phaxioApi.url,
    });
    db = t.app.get(DataSource);
    twilio = twilioSender(t.url, PUBLIC, AUTH_TOKEN);
    admin = await login(t);
    agent = await connectedUser(t, admin, 'Mei Chen', ['agent']);
    supervisor = await connectedUser(t, admin, 'Sven Supervisor', ['supervisor']);
  }, 60_000);

  afterAll(async () => {
    agent?.client.close();
    supervisor?.client.close();
    await t?.close();
    await twilioApi.stop();
    await phaxioApi.stop();
  });

  it('splits a long Japanese reply at segment boundaries, from our number, and the signed callbacks deliver it', async () => {
    await agent.client.setPresence('available');
    const contactId = await inboundSms(CUSTOMER, '見積もりをお願いします');
    await takeOffer(agent.client, contactId);
    twilioApi.failNext = 1; // Twilio's first answer is a 500: the job retries with backoff

    const text = 'お'.repeat(690) + '😀' + 'す'.repeat(20); // 712 UTF-16 units: 11 segments
    const res = await reply(agent.token, contactId, { medium: 'sms', body: text }).expect(202);
    const { messageId } = res.body as { messageId: string };
    await messageEvent(agent.client, messageId, 'sent');

    expect(twilioApi.messages).toHaveLength(2);
    const [first, second] = twilioApi.messages;
    expect(first.params.Body).toHaveLength(670); // 10 UCS-2 segments of 67
    expect(first.params.Body + second.params.Body).toBe(text);
    for (const m of twilioApi.messages) {
      expect(m.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
      expect(m.params).toMatchObject({
        From: OUR_NUMBER,
        To: CUSTOMER,
        StatusCallback: `${PUBLIC}/webhooks/twilio/sms/status`,
      });
      expect(m.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${AUTH_TOKEN}`).toString('base64')}`);
    }

    const sids = (
      await db.query<{ provider_id: string }[]>(
        `SELECT provider_id FROM message_delivery WHERE message_id = $1 ORDER BY part`,
        [messageId],
      )
    ).map((r) => r.provider_id);
    expect(sids).toHaveLength(2);
    await status(sids[0], 'delivered').expect(200);
    const [{ status: afterOne }] = await db.query<{ status: string }[]>(
      `SELECT status FROM contact_message WHERE id = $1`,
      [messageId],
    );
    expect(afterOne).toBe('sent'); // the second part is not delivered yet
    await status(sids[1], 'delivered').expect(200);
    await messageEvent(agent.client, messageId, 'delivered');
    // A late "sent" never moves it back.
    await status(sids[1], 'sent').expect(200);
    const items = await thread(t, agent.token, contactId);
    expect(items[1]).toMatchObject({
      id: messageId,
      direction: 'outbound',
      status: 'delivered',
      from: OUR_NUMBER,
      to: CUSTOMER,
      body: text,
    });
    const types = (
      await db.query<{ type: string }[]>(`SELECT type FROM timeline_event WHERE contact_id = $1 ORDER BY occurred_at`, [
        contactId,
      ])
    ).map((r) => r.type);
    expect(types.filter((x) => x.startsWith('message.'))).toEqual([
      'message.queued',
      'message.sent',
      'message.delivered',
    ]);
  });

  it('answers a callback of an unknown MessageSid with 200 and changes nothing; a forged one with 403', async () => {
    const before = await db.query(`SELECT id, status FROM contact_message ORDER BY id`);
    const res = await status(sid('SM'), 'failed', { ErrorCode: '30003' }).expect(200);
    expect(res.body).toEqual({ known: false });
    expect(await db.query(`SELECT id, status FROM contact_message ORDER BY id`)).toEqual(before);
    await twilio
      .postSignedWith('forged', '/webhooks/twilio/sms/status', { MessageSid: sid('SM'), MessageStatus: 'delivered' })
      .expect(403);
  });

  it('marks a reply to an invalid number failed with the provider reason, and tells staff', async () => {
    const contactId = await inboundSms(INVALID_NUMBER, 'hello');
    const res = await reply(admin, contactId, { medium: 'sms', body: 'Thanks, we will call you.' }).expect(202);
    const { messageId } = res.body as { messageId: string };
    const failed = await messageEvent(supervisor.client, messageId, 'failed');
    expect(failed.message.error).toMatch(/21211/);
    const [row] = await db.query<{ status: string; error: string }[]>(
      `SELECT status, error FROM contact_message WHERE id = $1`,
      [messageId],
    );
    expect(row).toEqual({ status: 'failed', error: expect.stringContaining('not a valid phone number') });
    // Permanent: sent once, not retried.
    expect(twilioApi.messages.filter((m) => m.params.To === INVALID_NUMBER)).toHaveLength(1);
  });

  it('faxes the PDF of the contact through Phaxio; the signed fax callback delivers it', async () => {
    const fax = {
      id: 78_500_001,
      direction: 'received',
      num_pages: 1,
      status: 'success',
      is_test: false,
      from_number: '+81352123456',
      to_number: '+81356789012',
    };
    const fields = { success: 'true', is_test: 'false', direction: 'received', fax: JSON.stringify(fax) };
    const inbound = request(t.url)
      .post('/webhooks/fax/phaxio')
      .set(
        'X-Phaxio-Signature',
        phaxioTestSignature(FAX_SECRET, `${PUBLIC}/webhooks/fax/phaxio`, fields, { file: PDF }),
      );
    for (const [name, value] of Object.entries(fields)) inbound.field(name, value);
    const { body } = await inbound
      .attach('file', PDF, { filename: 'order.pdf', contentType: 'application/pdf' })
      .expect(200);
    const contactId = (body as { id: string }).id;
    const [pdf] = await db.query<{ id: string }[]>(`SELECT id FROM attachment WHERE contact_id = $1`, [contactId]);

    await reply(admin, contactId, { medium: 'fax', body: 'quote' }).expect(400);
    const res = await reply(admin, contactId, { medium: 'fax', body: 'Our quote', attachmentIds: [pdf.id] }).expect(
      202,
    );
    const { messageId } = res.body as { messageId: string };
    await messageEvent(supervisor.client, messageId, 'sent');
    expect(phaxioApi.faxes).toHaveLength(1);
    const [sent] = phaxioApi.faxes;
    expect(sent).toMatchObject({ to: '+81352123456', callbackUrl: `${PUBLIC}/webhooks/fax/phaxio/status` });
    expect(sent.authorization).toBe(`Basic ${Buffer.from('phaxio-key:phaxio-secret').toString('base64')}`);
    expect(sent.file?.bytes.equals(PDF)).toBe(true);

    const [{ provider_id: faxId }] = await db.query<{ provider_id: string }[]>(
      `SELECT provider_id FROM message_delivery WHERE message_id = $1`,
      [messageId],
    );
    const done = {
      success: 'true',
      is_test: 'false',
      direction: 'sent',
      event_type: 'fax_completed',
      fax: JSON.stringify({ id: Number(faxId), direction: 'sent', status: 'success', num_pages: 1 }),
    };
    const url = `${PUBLIC}/webhooks/fax/phaxio/status`;
    const post = (signature: string) => {
      const req = request(t.url).post('/webhooks/fax/phaxio/status').set('X-Phaxio-Signature', signature);
      for (const [name, value] of Object.entries(done)) req.field(name, value);
      return req;
    };
    await post(phaxioTestSignature('wrong', url, done, {})).expect(403);
    await post(phaxioTestSignature(FAX_SECRET, url, done, {})).expect(200);
    const delivered = await messageEvent(supervisor.client, messageId, 'delivered');
    expect(delivered.message.attachments).toEqual([
      expect.objectContaining({ id: pdf.id, contentType: 'application/pdf' }),
    ]);
  });

  it('answers 503 naming the missing provider settings', async () => {
    const bare = await startTestApp({});
    try {
      const token = await login(bare);
      // Without TWILIO_AUTH_TOKEN the inbound webhook is off too: the contact is made by SQL.
      const bareDb = bare.app.get(DataSource);
      const [{ id }] = await bareDb.query<{ id: string }[]>(
        `INSERT INTO contact (medium, source, status, inquiry_type, language, from_phone, body)
         VALUES ('sms', 'twilio', 'queued', 'question', 'ja', $1, 'hi') RETURNING id`,
        [CUSTOMER],
      );
      const res = await request(bare.url)
        .post(`/contacts/${id}/replies`)
        .set(bearer(token))
        .send({ medium: 'sms', body: 'x' })
        .expect(503);
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
        'TWILIO_ACCOUNT_SID',
        'TWILIO_AUTH_TOKEN',
        'TWILIO_CALLER_ID',
      ]);
      const fax = await request(bare.url)
        .post(`/contacts/${id}/replies`)
        .set(bearer(token))
        .send({ medium: 'fax', body: 'x' });
      expect(fax.status).toBe(400); // no PDF named: a field error comes first
    } finally {
      await bare.close();
    }
  });
});
