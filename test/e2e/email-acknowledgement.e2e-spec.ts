import request from 'supertest';
import { DataSource } from 'typeorm';
import { SmtpIntakeServer } from '../../src/channels/email/smtp-intake.server';
import { JobName, QueueName } from '../../src/queues/queue.constants';
import { QueueRegistry } from '../../src/queues/queue-registry';
import { bearer, login } from '../helpers/http';
import { freePort, MailCatcher, sendRaw } from '../helpers/smtp';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface TimelineBody {
  timeline: { type: string; data: Record<string, unknown> }[];
}

describe('acknowledgement mail', () => {
  let t: TestApp;
  let token: string;
  let db: DataSource;
  let queues: QueueRegistry;
  const catcher = new MailCatcher();
  let intakePort: number;

  beforeAll(async () => {
    const smtpPort = await catcher.start();
    intakePort = await freePort();
    t = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Acme Sales <sales@acme.example>',
      SMTP_INTAKE_PORT: String(intakePort),
      SMTP_INTAKE_HOST: '127.0.0.1',
      INQUIRY_RATE_LIMIT: '0',
    });
    token = await login(t);
    db = t.app.get(DataSource);
    queues = t.app.get(QueueRegistry);
  });
  afterAll(async () => {
    await t.close();
    await catcher.stop();
  });

  const inquiry = async (body: Record<string, unknown>): Promise<string> =>
    ((await request(t.url).post('/inquiries').send(body).expect(202)).body as { id: string }).id;

  const acksTo = (address: string, count = 1) =>
    eventually(() => Promise.resolve(catcher.to(address).length >= count ? catcher.to(address) : undefined), 10_000);

  const timeline = async (id: string) =>
    ((await request(t.url).get(`/contacts/${id}`).set(bearer(token)).expect(200)).body as TimelineBody).timeline;

  /** Waits until BullMQ finished a job and returns what it returned. */
  const finished = (jobId: string) =>
    eventually(async () => {
      const job = await queues.get(QueueName.Mail).getJob(jobId);
      return job && (await job.isCompleted()) ? (job.returnvalue as string) : undefined;
    }, 10_000);

  it.each([
    ['ja', 'taro@ack-ja.example', '山田 太郎', 'サーバーの見積もりをお願いします。', /【受付完了】/, /山田 太郎 様/],
    ['zh', 'li@ack-zh.example', '李伟', '请提供服务器报价。', /【已受理】/, /李伟，您好/],
    ['en', 'ann@ack-en.example', 'Ann Lee', 'Please send a quote.', /We received your inquiry/, /Dear Ann Lee,/],
  ])(
    'a %s web inquiry (%s) is acknowledged in its language',
    async (language, email, name, message, subject, greeting) => {
      const id = await inquiry({ name, email, message });
      const [ack] = await acksTo(email);
      expect(ack.subject).toMatch(subject);
      expect(ack.text).toMatch(greeting);
      expect(ack.from?.value[0]).toEqual({ name: 'Acme Sales', address: 'sales@acme.example' });
      expect(ack.messageId).toBe(`<ack.${id}@acme.example>`);
      expect(ack.headers.get('auto-submitted')).toBe('auto-generated');
      expect(ack.headers.get('content-language')).toBe(language);
      const events = await eventually(async () => {
        const e = await timeline(id);
        return e.some((x) => x.type === 'contact.acknowledged') ? e : undefined;
      });
      expect(events.find((e) => e.type === 'contact.acknowledged')?.data).toMatchObject({
        messageId: `<ack.${id}@acme.example>`,
        language,
        transport: 'smtp',
      });
    },
  );

  it('an e-mail contact is acknowledged in its language, threaded under the customer’s mail', async () => {
    const reply = await sendRaw(
      intakePort,
      [
        'From: =?UTF-8?B?5byg5LiJ?= <zhang@ack-mail.example>',
        'Message-ID: <first@ack-mail.example>',
        'Subject: =?UTF-8?B?5pyN5Yqh5Zmo5oql5Lu3?=',
        'Content-Type: text/plain; charset=UTF-8',
        '',
        '请提供报价。',
        '',
      ].join('\r\n'),
      { from: 'zhang@ack-mail.example', to: ['sales@acme.example'] },
    );
    expect(reply.code).toBe(250);
    const [ack] = await acksTo('zhang@ack-mail.example');
    expect(ack.subject).toMatch(/【已受理】/);
    expect(ack.inReplyTo).toBe('<first@ack-mail.example>');
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
  });

  it('a reply to the acknowledgement joins its contact', async () => {
    const id = await inquiry({ name: 'Reply Test', email: 'reply@ack-en.example', message: 'hello' });
    const [ack] = await acksTo('reply@ack-en.example');
    const before = (await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM contact`))[0].n;
    const reply = await sendRaw(
      intakePort,
      [
        'From: Reply Test <reply@ack-en.example>',
        'Message-ID: <answer-to-ack@ack-en.example>',
        `In-Reply-To: ${ack.messageId}`,
        `Subject: Re: ${ack.subject}`,
        '',
        'Here are more details.',
        '',
      ].join('\r\n'),
      { from: 'reply@ack-en.example', to: ['sales@acme.example'] },
    );
    expect(reply.response).toContain(`stored as contact ${id}`);
    expect((await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM contact`))[0].n).toBe(before);
    // A reply is no new contact: no second acknowledgement.
    await new Promise((r) => setTimeout(r, 500));
    expect(catcher.to('reply@ack-en.example')).toHaveLength(1);
  });

  it('is sent exactly once, even when the job is re-added and runs concurrently', async () => {
    const id = await inquiry({ name: 'Once', email: 'once@ack-en.example', message: 'hello' });
    const mail = queues.get(QueueName.Mail);
    // Jobs of their own ids racing the original one.
    await Promise.all(
      [1, 2, 3, 4].map((n) => mail.add(JobName.AcknowledgeContact, { contactId: id }, { jobId: `again-${id}-${n}` })),
    );
    await acksTo('once@ack-en.example');
    const outcomes = await Promise.all([1, 2, 3, 4].map((n) => finished(`again-${id}-${n}`)));
    expect(outcomes.filter((o) => o === 'sent').length).toBeLessThanOrEqual(1);
    // The original job, retried by hand after it completed.
    const original = await mail.getJob(`${JobName.AcknowledgeContact}.${id}`);
    expect(await finished(`${JobName.AcknowledgeContact}.${id}`)).toMatch(/^(sent|already_acknowledged)$/);
    await original!.remove();
    await mail.add(JobName.AcknowledgeContact, { contactId: id }, { jobId: `${JobName.AcknowledgeContact}.${id}` });
    expect(await finished(`${JobName.AcknowledgeContact}.${id}`)).toBe('already_acknowledged');
    expect(catcher.to('once@ack-en.example')).toHaveLength(1);
    expect((await timeline(id)).filter((e) => e.type === 'contact.acknowledged')).toHaveLength(1);
  });

  it('retries when the mail server refuses for a while, and still sends once', async () => {
    catcher.refuseNext = 1;
    await inquiry({ name: 'Retry', email: 'retry@ack-en.example', message: 'hello' });
    await acksTo('retry@ack-en.example');
    expect(catcher.refused).toBe(1);
    expect(catcher.to('retry@ack-en.example')).toHaveLength(1);
  });

  it('is not sent to a customer without an e-mail address', async () => {
    const id = await inquiry({ name: 'Phone Only', phone: '+81 3-1234-5678', message: 'call me' });
    const rows = await db.query(`SELECT job_name FROM outbox WHERE payload->>'contactId' = $1 ORDER BY id`, [id]);
    expect(rows).toEqual([{ job_name: 'contact.process' }]);
    const [{ acknowledged_at }] = await db.query(`SELECT acknowledged_at FROM contact WHERE id = $1`, [id]);
    expect(acknowledged_at).toBeNull();
  });

  it('auto-generated mail gets no acknowledgement', async () => {
    const reply = await sendRaw(
      intakePort,
      'From: away@ack-auto.example\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\naway\r\n',
      { from: 'away@ack-auto.example', to: ['sales@acme.example'] },
    );
    expect(reply.response).toMatch(/not stored/);
    await new Promise((r) => setTimeout(r, 500));
    expect(catcher.to('away@ack-auto.example')).toHaveLength(0);
  });

  it('the SMTP intake is this app’s own, on the chosen port', () => {
    expect(t.app.get(SmtpIntakeServer).address()?.port).toBe(intakePort);
  });
});

describe('acknowledgement without SMTP_URL', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    token = await login(t);
  });
  afterAll(() => t.close());

  it('is logged, not sent, and recorded as such', async () => {
    const res = await request(t.url)
      .post('/inquiries')
      .send({ name: 'Log', email: 'log@example.org', message: 'hi' })
      .expect(202);
    const event = await eventually(async () => {
      const c = (await request(t.url).get(`/contacts/${res.body.id}`).set(bearer(token)).expect(200))
        .body as TimelineBody;
      return c.timeline.find((e) => e.type === 'contact.acknowledged');
    });
    expect(event.data).toMatchObject({ transport: 'log', language: 'en' });
  });
});
