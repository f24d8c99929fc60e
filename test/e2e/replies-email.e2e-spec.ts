import request from 'supertest';
import { DataSource } from 'typeorm';
import { messageEvent, takeOffer, thread } from '../helpers/conversation';
import { bearer, login } from '../helpers/http';
import { connectedUser } from '../helpers/routing';
import { freePort, MailCatcher, sendRaw } from '../helpers/smtp';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';
import type { AgentClient } from '../helpers/agent-socket';

const DOMAIN = 'contact-center.example';
const CUSTOMER = 'hanako@customer.example.jp';
const b64 = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

/** A customer's plain-text mail; `headers` may add In-Reply-To and the like. */
function customerMail(messageId: string, subject: string, body: string, headers: string[] = []): string {
  return [
    `From: ${b64('山田 花子\r\nBcc: victim@attacker.example')} <${CUSTOMER}>`,
    `To: sales@${DOMAIN}`,
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    'Date: Tue, 01 Dec 2026 09:00:00 +0900',
    ...headers,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(body, 'utf8').toString('base64'),
    '',
  ].join('\r\n');
}

describe('e-mail replies and the thread', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let smtpPort: number;
  const catcher = new MailCatcher();
  let agent: { id: string; token: string; client: AgentClient };
  let contactId: string;

  beforeAll(async () => {
    await catcher.start();
    smtpPort = await freePort();
    t = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${catcher.port}`,
      SMTP_INTAKE_PORT: String(smtpPort),
      SMTP_INTAKE_HOST: '127.0.0.1',
      MAIL_FROM: `Sales <sales@${DOMAIN}>`,
    });
    db = t.app.get(DataSource);
    admin = await login(t);
    agent = await connectedUser(t, admin, 'Aiko "Sato" <aiko>', ['agent']);
    await agent.client.setPresence('available');

    // The customer's first mail: its subject, decoded, tries to smuggle a header line.
    const subject = b64('見積もり依頼\r\nBcc: victim@attacker.example');
    expect(
      (
        await sendRaw(
          smtpPort,
          customerMail('<first.1@customer.example.jp>', subject, 'サーバー20台の見積もりをお願いします'),
        )
      ).code,
    ).toBe(250);
    contactId = await eventually(async () => {
      const [row] = await db.query<{ id: string }[]>(`SELECT id FROM contact WHERE external_id = $1`, [
        '<first.1@customer.example.jp>',
      ]);
      return row?.id;
    }, 10_000);
    await takeOffer(agent.client, contactId);
  }, 60_000);

  afterAll(async () => {
    agent?.client.close();
    await t?.close();
    await catcher.stop();
  });

  it("shows the contact's own first message as the start of the thread", async () => {
    const items = await thread(t, agent.token, contactId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: contactId,
      direction: 'inbound',
      medium: 'email',
      from: CUSTOMER,
      status: 'received',
      author: null,
      body: expect.stringContaining('見積もり'),
    });
  });

  it('sends a reply once per Idempotency-Key, threaded under the customer mail, and the answer joins the contact', async () => {
    const send = () =>
      request(t.url)
        .post(`/contacts/${contactId}/replies`)
        .set(bearer(agent.token))
        .set('Idempotency-Key', 'reply-1')
        .send({ medium: 'email', body: 'お見積もりを添付いたします。' });
    const first = await send().expect(202);
    const again = await send().expect(202);
    const { messageId } = first.body as { messageId: string; status: string };
    expect(first.body).toEqual({ messageId, status: 'queued' });
    expect(again.body).toEqual(first.body);

    const sent = await messageEvent(agent.client, messageId, 'sent');
    expect(sent.contactId).toBe(contactId);
    expect(sent.message).toMatchObject({ direction: 'outbound', to: CUSTOMER, author: { id: agent.id } });

    const ourId = `<reply.${messageId}@${DOMAIN}>`;
    const mails = catcher.received.filter((r) => r.mail.messageId === ourId);
    expect(mails).toHaveLength(1); // the retried POST sent nothing more
    const [{ envelopeTo, mail, raw }] = mails;
    expect(envelopeTo).toEqual([CUSTOMER]); // nobody smuggled in as Bcc
    expect(mail.inReplyTo).toBe('<first.1@customer.example.jp>');
    expect(mail.references).toEqual('<first.1@customer.example.jp>');
    expect(mail.from?.value[0]).toEqual({ name: 'Aiko "Sato" <aiko>', address: `sales@${DOMAIN}` });
    expect(mail.subject).toBe('Re: 見積もり依頼 Bcc: victim@attacker.example');
    expect(mail.headers.has('bcc')).toBe(false);
    // No header line of the raw message starts with Bcc (the decoded subject had one).
    const head = raw.toString('latin1').split('\r\n\r\n')[0];
    expect(head.split('\r\n').filter((line) => /^bcc:/i.test(line))).toEqual([]);

    // The customer answers our reply.
    const answer = customerMail(
      '<answer.2@customer.example.jp>',
      'Re: quote',
      'ありがとうございます。20台で発注します。',
      [`In-Reply-To: ${ourId}`, `References: <first.1@customer.example.jp> ${ourId}`],
    );
    expect((await sendRaw(smtpPort, answer)).code).toBe(250);
    const inbound = await messageEvent(agent.client, (m) => m.direction === 'inbound' && m.body.includes('発注'));
    expect(inbound.contactId).toBe(contactId);

    const items = await thread(t, agent.token, contactId);
    expect(items.map((m) => [m.direction, m.status])).toEqual([
      ['inbound', 'received'],
      ['outbound', 'sent'],
      ['inbound', 'received'],
    ]);
    expect(items[1]).toMatchObject({ id: messageId, from: `Sales <sales@${DOMAIN}>`, subject: mail.subject });
    const types = (
      await db.query<{ type: string }[]>(`SELECT type FROM timeline_event WHERE contact_id = $1`, [contactId])
    ).map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(['message.queued', 'message.sent', 'contact.message_received']));
  });

  it('uses a template: its subject and body rendered for the contact and the agent', async () => {
    const { body: list } = await request(t.url)
      .get('/reply-templates?language=ja&medium=email')
      .set(bearer(agent.token))
      .expect(200);
    const template = (list as { items: { id: string; medium: string; language: string }[] }).items[0];
    expect(template).toMatchObject({ medium: 'email', language: 'ja' });
    const res = await request(t.url)
      .post(`/contacts/${contactId}/replies`)
      .set(bearer(agent.token))
      .send({ medium: 'email', templateId: template.id })
      .expect(202);
    const { messageId } = res.body as { messageId: string };
    await messageEvent(agent.client, messageId, 'sent');
    const mail = catcher.received.find((r) => r.mail.messageId === `<reply.${messageId}@${DOMAIN}>`)!.mail;
    expect(mail.text).toContain('Aiko "Sato" <aiko>');
    expect(mail.text).toContain('お問い合わせいただきありがとうございます');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    // The last inbound mail is the one answered now.
    expect(mail.inReplyTo).toBe('<answer.2@customer.example.jp>');
  });

  it('answers 400 naming the field, and stores nothing', async () => {
    const count = async () =>
      Number((await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM contact_message`))[0].n);
    const before = await count();
    const cases: [object, string][] = [
      [{ medium: 'email', body: 'x', subject: 'Hi\r\nBcc: victim@attacker.example' }, 'subject'],
      [{ medium: 'email', body: 'x', templateId: '00000000-0000-4000-8000-000000000000' }, 'templateId'],
      [{ medium: 'sms', body: 'x' }, 'medium'], // the customer wrote by e-mail: no phone number
      [{ medium: 'email', body: 'x', attachmentIds: ['00000000-0000-4000-8000-000000000001'] }, 'attachmentIds[0]'],
      [{ medium: 'pigeon', body: 'x' }, 'medium'],
      [{ medium: 'email' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await request(t.url).post(`/contacts/${contactId}/replies`).set(bearer(agent.token)).send(body);
      expect({
        status: res.status,
        fields: (res.body as { errors?: { field: string }[] }).errors?.map((e) => e.field),
      }).toEqual({
        status: 400,
        fields: [field],
      });
    }
    const fax = await request(t.url)
      .post(`/contacts/${contactId}/replies`)
      .set(bearer(agent.token))
      .send({ medium: 'fax', body: 'x' });
    expect(fax.status).toBe(400); // no phone number before any provider question
    expect(await count()).toBe(before);
  });

  it('keeps the thread and replies to the owner: 404 outside the scope, 403 for one who may only read', async () => {
    const stranger = await connectedUser(t, admin, 'Stranger', ['agent']);
    try {
      await request(t.url).get(`/contacts/${contactId}/messages`).set(bearer(stranger.token)).expect(404);
      await request(t.url)
        .post(`/contacts/${contactId}/replies`)
        .set(bearer(stranger.token))
        .send({ medium: 'email', body: 'hello' })
        .expect(404);
      // As the account's relationship owner they see the thread, but only the working agent answers.
      await db.query(
        `UPDATE customer SET relationship_owner_id = $1 WHERE id = (SELECT customer_id FROM contact WHERE id = $2)`,
        [stranger.id, contactId],
      );
      await request(t.url).get(`/contacts/${contactId}/messages`).set(bearer(stranger.token)).expect(200);
      await request(t.url)
        .post(`/contacts/${contactId}/replies`)
        .set(bearer(stranger.token))
        .send({ medium: 'email', body: 'hello' })
        .expect(403);
    } finally {
      stranger.client.close();
    }
    const supervisor = await connectedUser(t, admin, 'Supervisor', ['supervisor']);
    try {
      await request(t.url).get(`/contacts/${contactId}/messages`).set(bearer(supervisor.token)).expect(200);
    } finally {
      supervisor.client.close();
    }
  });

  it('answers 409 for a person marked do_not_contact and sends nothing', async () => {
    await db.query(`UPDATE person SET do_not_contact = true WHERE id = (SELECT person_id FROM contact WHERE id = $1)`, [
      contactId,
    ]);
    const before = catcher.received.length;
    const res = await request(t.url)
      .post(`/contacts/${contactId}/replies`)
      .set(bearer(agent.token))
      .send({ medium: 'email', body: 'one more thing' })
      .expect(409);
    expect((res.body as { errors: { field: string }[] }).errors[0].field).toBe('person.doNotContact');
    const rows = await db.query(`SELECT 1 FROM contact_message WHERE body = 'one more thing'`);
    expect(rows).toEqual([]);
    expect(catcher.received.length).toBe(before);
    await db.query(
      `UPDATE person SET do_not_contact = false WHERE id = (SELECT person_id FROM contact WHERE id = $1)`,
      [contactId],
    );
  });

  it('lets admins write templates (unknown placeholders refused) and agents only read them', async () => {
    const template = {
      name: 'Follow-up',
      language: 'en',
      medium: 'email',
      subject: 'About {{contact.subject}}',
      body: 'Hi {{contact.name}}',
    };
    const created = await request(t.url).post('/reply-templates').set(bearer(admin)).send(template).expect(201);
    const id = (created.body as { id: string }).id;
    const bad = await request(t.url)
      .patch(`/reply-templates/${id}`)
      .set(bearer(admin))
      .send({ body: 'Hi {{contact.nickname}}' })
      .expect(400);
    expect((bad.body as { errors: { field: string }[] }).errors[0].field).toBe('body');
    await request(t.url)
      .patch(`/reply-templates/${id}`)
      .set(bearer(admin))
      .send({ body: 'Hello {{agent.name}}' })
      .expect(200);
    await request(t.url).post('/reply-templates').set(bearer(agent.token)).send(template).expect(403);
    const { body } = await request(t.url)
      .get('/reply-templates?medium=email&language=en')
      .set(bearer(agent.token))
      .expect(200);
    expect((body as { items: { id: string; body: string }[] }).items).toContainEqual(
      expect.objectContaining({ id, body: 'Hello {{agent.name}}' }),
    );
    const doc = await request(t.url).get('/docs-json').expect(200);
    for (const path of [
      '/contacts/{id}/messages',
      '/contacts/{id}/replies',
      '/reply-templates',
      '/reply-templates/{id}',
      '/webhooks/twilio/sms/status',
      '/webhooks/fax/phaxio/status',
    ]) {
      expect(Object.keys((doc.body as { paths: object }).paths)).toContain(path);
    }
  });
});
