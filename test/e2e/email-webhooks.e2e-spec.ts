import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { REDIS } from '../../src/redis/redis.module';
import { capturedPost, emailFixture } from '../helpers/email-fixtures';
import { bearer, login } from '../helpers/http';
import { startTestApp, TestApp } from '../helpers/test-app';

const BASIC = 'sendgrid:s3cret-pass';
const basic = (credentials = BASIC) => ({ Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

type Value = string | Buffer;
interface FilePart {
  name: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A multipart/form-data body with every byte as given (fields in their own charsets). */
function multipart(fields: [string, Value][], files: FilePart[] = []): { contentType: string; body: Buffer } {
  const boundary = `----form${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
    chunks.push(Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'), Buffer.from('\r\n'));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.contentType}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** Posts exactly these bytes (supertest would serialize a Buffer sent as a form or JSON). */
function rawPost(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sign = (key: string, timestamp: string, token: string) =>
  createHmac('sha256', key)
    .update(timestamp + token)
    .digest('hex');

/** A Mailgun parsed-route post, signed now (or at `timestamp`) with a fresh token. */
function mailgunForm(fields: Record<string, string>, opts: { key?: string; timestamp?: number; token?: string } = {}) {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const token = opts.token ?? randomBytes(25).toString('hex');
  const form = new URLSearchParams({
    ...fields,
    timestamp,
    token,
    signature: sign(opts.key ?? 'foo', timestamp, token),
  });
  return form.toString();
}

const mailgunMessage = (messageId: string, extra: Record<string, string> = {}, headers: [string, string][] = []) => ({
  sender: 'ann@example.org',
  from: 'Ann Lee <ann@example.org>',
  recipient: 'sales@contact-center.example',
  subject: 'Pricing for 20 laptops',
  'body-plain': 'Could you send me a quote for 20 laptops?',
  'Message-Id': messageId,
  'message-headers': JSON.stringify([
    ['Message-Id', messageId],
    ['From', 'Ann Lee <ann@example.org>'],
    ['Subject', 'Pricing for 20 laptops'],
    ...headers,
  ]),
  ...extra,
});

interface ContactBody {
  id: string;
  source: string;
  subject: string | null;
  body: string;
  language: string;
  inquiryType: string;
  from: { name: string | null; email: string | null };
  attachments: { id: string; filename: string; contentType: string; size: number }[];
}

describe('e-mail webhooks', () => {
  let t: TestApp;
  let token: string;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({
      INBOUND_EMAIL_BASIC_AUTH: BASIC,
      MAILGUN_WEBHOOK_SIGNING_KEY: 'foo',
    });
    token = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const contact = async (id: string): Promise<ContactBody> =>
    (await request(t.url).get(`/contacts/${id}`).set(bearer(token)).expect(200)).body as ContactBody;
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    (await db.query<{ n: number }[]>(sql, params))[0].n;
  const postSendGrid = (post: { contentType: string; body: Buffer }, headers: Record<string, string> = basic()) =>
    request(t.url).post('/webhooks/email/sendgrid').set(headers).set('Content-Type', post.contentType).send(post.body);
  const postMailgun = (form: string) =>
    request(t.url).post('/webhooks/email/mailgun').set('Content-Type', 'application/x-www-form-urlencoded').send(form);

  it('lists both webhooks in the OpenAPI document', async () => {
    const doc = await request(t.url).get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/webhooks/email/sendgrid', '/webhooks/email/mailgun']),
    );
  });

  describe('SendGrid Inbound Parse', () => {
    it('answers 401 with a challenge without credentials and 403 with wrong ones, storing nothing', async () => {
      const post = capturedPost('sendgrid-inbound.multipart.txt');
      const none = await postSendGrid(post, {}).expect(401);
      expect(none.headers['www-authenticate']).toMatch(/^Basic /);
      expect(none.body.errors[0].field).toBe('Authorization');
      await postSendGrid(post, basic('sendgrid:wrong')).expect(403);
      await postSendGrid(post, { Authorization: 'Bearer x' }).expect(401);
      expect(await count(`SELECT count(*)::int AS n FROM contact WHERE source = 'sendgrid'`)).toBe(0);
    });

    it('stores the parsed-mode capture with its four attachments', async () => {
      const res = await postSendGrid(capturedPost('sendgrid-inbound.multipart.txt')).expect(200);
      expect(res.body).toEqual({ status: 'stored', contactId: expect.any(String), followUp: false });
      const c = await contact(res.body.contactId);
      expect(c).toMatchObject({
        source: 'sendgrid',
        subject: 'Test',
        language: 'en',
        from: { name: 'James McKinney', email: 'james@opennorth.ca' },
      });
      expect(c.body).toMatch(/^bold text\n/);
      expect(c.attachments.map((a) => a.filename)).toEqual([
        'foo.txt',
        'msg-12415-313.html',
        'bar.txt',
        'msg-12415-314.html',
      ]);
      const foo = await request(t.url)
        .get(`/contacts/${c.id}/attachments/${c.attachments[0].id}`)
        .set(bearer(token))
        .expect(200);
      expect(foo.text).toBe('Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n');
      // SendGrid retries: the same post again is the same contact.
      const again = await postSendGrid(capturedPost('sendgrid-inbound.multipart.txt')).expect(200);
      expect(again.body.contactId).toBe(c.id);
    });

    it('decodes fields by the charsets map (windows-1252 euro sign)', async () => {
      const res = await postSendGrid(capturedPost('sendgrid-inbound-windows1252.multipart.txt')).expect(200);
      const c = await contact(res.body.contactId);
      expect(c.subject).toBe('Hello €');
      expect(c.body).toBe('World €');
    });

    it('decodes GB2312, Big5 and ISO-2022-JP fields', async () => {
      const jis = Buffer.from(
        Encoding.convert(Encoding.stringToCode('見積もりをお願いします'), { to: 'JIS', from: 'UNICODE' }),
      );
      const post = multipart(
        [
          ['headers', 'Message-ID: <charsets-1@example.cn>\r\nFrom: li@example.cn\r\nSubject: x\r\n'],
          ['from', Buffer.concat([iconv.encode('李伟', 'gb2312'), Buffer.from(' <li@example.cn>')])],
          ['to', 'sales@contact-center.example'],
          ['subject', iconv.encode('服务器报价', 'gb2312')],
          ['text', jis],
          ['html', iconv.encode('<p>請提供報價</p>', 'big5')],
          ['charsets', '{"from":"gb2312","subject":"gb2312","text":"iso-2022-jp","html":"big5","to":"UTF-8"}'],
          ['envelope', '{"to":["sales@contact-center.example"],"from":"li@example.cn"}'],
        ],
        [],
      );
      const res = await postSendGrid(post).expect(200);
      const c = await contact(res.body.contactId);
      expect(c).toMatchObject({
        subject: '服务器报价',
        body: '見積もりをお願いします',
        inquiryType: 'quote',
        from: { name: '李伟', email: 'li@example.cn' },
      });
    });

    it('stores a raw-mode post (the whole MIME message in `email`)', async () => {
      const post = multipart([
        ['email', emailFixture('ja-multipart-mixed-utf8-filename.eml')],
        ['envelope', '{"to":["sales@contact-center.example"],"from":"raasdnil@gmail.com"}'],
        ['charsets', '{}'],
      ]);
      const res = await postSendGrid(post).expect(200);
      const c = await contact(res.body.contactId);
      expect(c).toMatchObject({ source: 'sendgrid', subject: 'testing' });
      expect(c.attachments.map((a) => a.filename)).toEqual(['てすと.txt']);
    });

    it('accepts spam (200) but makes no contact', async () => {
      const before = await count(`SELECT count(*)::int AS n FROM contact`);
      const res = await postSendGrid(capturedPost('sendgrid-inbound-spam.multipart.txt')).expect(200);
      expect(res.body).toEqual({ status: 'ignored', reason: 'spam' });
      expect(await count(`SELECT count(*)::int AS n FROM contact`)).toBe(before);
    });

    it('makes one contact when ten identical posts arrive at once', async () => {
      const post = multipart([
        ['headers', 'Message-ID: <burst-1@example.org>\r\nFrom: Burst <burst@example.org>\r\nSubject: Burst\r\n'],
        ['from', 'Burst <burst@example.org>'],
        ['subject', 'Burst'],
        ['text', 'one of ten'],
      ]);
      const answers = await Promise.all(Array.from({ length: 10 }, () => postSendGrid(post)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(new Set(answers.map((a) => a.body.contactId)).size).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM contact WHERE external_id = '<burst-1@example.org>'`)).toBe(1);
      expect(
        await count(
          `SELECT count(*)::int AS n FROM outbox WHERE payload->>'contactId' = $1 AND job_name = 'contact.process'`,
          [answers[0].body.contactId],
        ),
      ).toBe(1);
    });

    it('answers 400 naming the field for a post that is not Inbound Parse, and 415 for another content type', async () => {
      const res = await postSendGrid(multipart([['hello', 'world']])).expect(400);
      expect(res.body.errors[0].field).toBe('email');
      const noFrom = await postSendGrid(
        multipart([
          ['headers', 'Subject: x\r\n'],
          ['text', 'no sender'],
        ]),
      ).expect(400);
      expect(noFrom.body.errors[0].field).toBe('from');
      const json = await request(t.url).post('/webhooks/email/sendgrid').set(basic()).send({ email: 'x' }).expect(415);
      expect(json.body.errors[0].field).toBe('Content-Type');
    });
  });

  describe('Mailgun routes', () => {
    it('stores a signed post and answers 200', async () => {
      const res = await postMailgun(mailgunForm(mailgunMessage('<mg-1@example.org>'))).expect(200);
      expect(res.body).toEqual({ status: 'stored', contactId: expect.any(String), followUp: false });
      const c = await contact(res.body.contactId);
      expect(c).toMatchObject({
        source: 'mailgun',
        subject: 'Pricing for 20 laptops',
        body: 'Could you send me a quote for 20 laptops?',
        inquiryType: 'quote',
        from: { name: 'Ann Lee', email: 'ann@example.org' },
      });
    });

    it('keeps the 8-bit bytes of a form-encoded body-mime (a Shift_JIS message)', async () => {
      const mime = Buffer.concat([
        Buffer.from(
          'From: sato@example.jp\r\nMessage-ID: <mg-sjis@example.jp>\r\nSubject: test\r\n' +
            'Content-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
        ),
        iconv.encode('お見積もりをお願いします。', 'shift_jis'),
      ]);
      const escape = (bytes: Buffer) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
      const signed = new URLSearchParams(
        mailgunForm({ sender: 'sato@example.jp', recipient: 'sales@contact-center.example' }),
      );
      const form = `${signed.toString()}&body-mime=${escape(mime)}`;
      const res = await postMailgun(form).expect(200);
      expect((await contact(res.body.contactId)).body).toBe('お見積もりをお願いします。');
    });

    it('refuses a bad signature with 403, storing nothing', async () => {
      const form = mailgunForm(mailgunMessage('<mg-bad@example.org>'), { key: 'not-foo' });
      const res = await postMailgun(form).expect(403);
      expect(res.body.errors[0].field).toBe('signature');
      const unsigned = new URLSearchParams(mailgunMessage('<mg-bad@example.org>')).toString();
      await postMailgun(unsigned).expect(403);
      await postMailgun(emailFixture('mailgun-route-bad-signature.form').toString('latin1')).expect(403);
      expect(await count(`SELECT count(*)::int AS n FROM contact WHERE external_id = '<mg-bad@example.org>'`)).toBe(0);
    });

    it('refuses a replayed token with 403', async () => {
      const form = mailgunForm(mailgunMessage('<mg-replay@example.org>'));
      await postMailgun(form).expect(200);
      const replay = await postMailgun(form).expect(403);
      expect(replay.body.errors[0].field).toBe('token');
    });

    it('refuses a stale or future timestamp with 403', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const timestamp of [now - 16 * 60, now + 16 * 60]) {
        const res = await postMailgun(mailgunForm(mailgunMessage('<mg-stale@example.org>'), { timestamp })).expect(403);
        expect(res.body.errors[0].field).toBe('timestamp');
      }
      expect(await count(`SELECT count(*)::int AS n FROM contact WHERE external_id = '<mg-stale@example.org>'`)).toBe(
        0,
      );
    });

    it('lets Mailgun retry a token whose first delivery failed', async () => {
      const form = mailgunForm(mailgunMessage('<mg-retry@example.org>'));
      await db.query(`ALTER TABLE contact ADD CONSTRAINT test_refuse_writes CHECK (false) NOT VALID`);
      try {
        await postMailgun(form).expect(500);
      } finally {
        await db.query(`ALTER TABLE contact DROP CONSTRAINT test_refuse_writes`);
      }
      await postMailgun(form).expect(200);
    });

    it('accepts GTUBE spam flagged X-Mailgun-Sflag (200) and makes no contact', async () => {
      const fields = Object.fromEntries(new URLSearchParams(emailFixture('mailgun-route.form').toString('utf8')));
      delete fields.timestamp;
      delete fields.token;
      delete fields.signature;
      const before = await count(`SELECT count(*)::int AS n FROM contact`);
      const res = await postMailgun(mailgunForm(fields)).expect(200);
      expect(res.body).toEqual({ status: 'ignored', reason: 'spam' });
      expect(await count(`SELECT count(*)::int AS n FROM contact`)).toBe(before);
    });

    it('accepts auto-replies, bounces and list mail (200) without a contact', async () => {
      const before = await count(`SELECT count(*)::int AS n FROM contact`);
      const cases: [Record<string, string>, string][] = [
        [mailgunMessage('<mg-ooo@example.org>', {}, [['Auto-Submitted', 'auto-replied']]), 'auto_reply'],
        [mailgunMessage('<mg-bounce@example.org>', { sender: '', from: 'MAILER-DAEMON@mx.example.org' }), 'bounce'],
        [mailgunMessage('<mg-list@example.org>', {}, [['List-Id', '<news.example.org>']]), 'mailing_list'],
      ];
      for (const [fields, reason] of cases) {
        expect((await postMailgun(mailgunForm(fields)).expect(200)).body).toEqual({ status: 'ignored', reason });
      }
      expect(await count(`SELECT count(*)::int AS n FROM contact`)).toBe(before);
    });

    it('answers 406 for a signed message it refuses on purpose (no From field)', async () => {
      const fields = mailgunMessage('<mg-nofrom@example.org>');
      delete (fields as Partial<typeof fields>).from;
      fields['message-headers'] = JSON.stringify([['Message-Id', '<mg-nofrom@example.org>']]);
      const res = await postMailgun(mailgunForm(fields)).expect(406);
      expect(res.body.errors[0].field).toBe('from');
    });

    it('a reply (In-Reply-To) joins the contact, across providers', async () => {
      const first = await postSendGrid(
        multipart([
          ['headers', 'Message-ID: <cross-1@example.org>\r\nFrom: Cy <cy@example.org>\r\nSubject: Racks\r\n'],
          ['from', 'Cy <cy@example.org>'],
          ['subject', 'Racks'],
          ['text', 'Need racks'],
        ]),
      ).expect(200);
      const before = await count(`SELECT count(*)::int AS n FROM contact`);
      const reply = await postMailgun(
        mailgunForm(
          mailgunMessage('<cross-2@example.org>', { from: 'Cy <cy@example.org>', 'body-plain': 'And shelves' }, [
            ['In-Reply-To', '<cross-1@example.org>'],
            ['References', '<cross-1@example.org>'],
          ]),
        ),
      ).expect(200);
      expect(reply.body).toEqual({ status: 'stored', contactId: first.body.contactId, followUp: true });
      expect(await count(`SELECT count(*)::int AS n FROM contact`)).toBe(before);
    });

    it('makes one contact when ten identical signed posts arrive at once', async () => {
      const form = mailgunForm(mailgunMessage('<mg-burst@example.org>'));
      const answers = await Promise.all(Array.from({ length: 10 }, () => postMailgun(form)));
      const statuses = answers.map((a) => a.status).sort();
      // The first is stored; the others reuse its token and are refused as replays.
      expect(statuses).toEqual([200, ...Array(9).fill(403)]);
      expect(await count(`SELECT count(*)::int AS n FROM contact WHERE external_id = '<mg-burst@example.org>'`)).toBe(
        1,
      );
    });

    it('makes one contact when ten deliveries of one message arrive at once, each freshly signed', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => postMailgun(mailgunForm(mailgunMessage('<mg-burst-2@example.org>')))),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(new Set(answers.map((a) => a.body.contactId)).size).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM contact WHERE external_id = '<mg-burst-2@example.org>'`)).toBe(
        1,
      );
    });
  });

  describe('random bytes never answer 500', () => {
    const contentTypes = [
      'multipart/form-data; boundary=xYzZY',
      'multipart/form-data',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'text/plain',
      'application/json',
    ];
    it.each(['/webhooks/email/sendgrid', '/webhooks/email/mailgun'])('%s', async (path) => {
      for (const contentType of contentTypes) {
        for (let i = 0; i < 4; i++) {
          const status = await rawPost(
            `${t.url}${path}`,
            { ...basic(), 'Content-Type': contentType },
            randomBytes(200 + i * 500),
          );
          expect(status).toBeGreaterThanOrEqual(400);
          expect(status).toBeLessThan(500);
        }
      }
      // A multipart body that ends early.
      const cut = capturedPost('sendgrid-inbound.multipart.txt');
      const status = await rawPost(
        `${t.url}${path}`,
        { ...basic(), 'Content-Type': cut.contentType },
        cut.body.subarray(0, 1000),
      );
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    });
  });
});

describe('Mailgun route captures, verified with their published key', () => {
  let t: TestApp;
  let token: string;
  const postCapture = (name: string) => {
    const post = capturedPost(name);
    // superagent would serialize a Buffer as form fields: a form body goes as the text it is.
    const body = post.contentType.includes('urlencoded') ? post.body.toString('latin1') : post.body;
    return request(t.url).post('/webhooks/email/mailgun').set('Content-Type', post.contentType).send(body);
  };

  beforeAll(async () => {
    // The captures were signed in 2013: this app accepts timestamps up to 20 years old.
    t = await startTestApp({
      MAILGUN_WEBHOOK_SIGNING_KEY: 'foo',
      MAILGUN_WEBHOOK_MAX_AGE_SECONDS: String(20 * 365 * 24 * 3600),
    });
    token = await login(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores the multipart capture with its two attachments; the raw capture reuses its token and is refused', async () => {
    const res = await postCapture('mailgun-route.multipart.txt').expect(200);
    const c = (await request(t.url).get(`/contacts/${res.body.contactId}`).set(bearer(token)).expect(200)).body;
    expect(c).toMatchObject({ source: 'mailgun', subject: 'Test', from: { email: 'james@opennorth.ca' } });
    expect(c.attachments.map((a: { filename: string }) => a.filename)).toEqual(['foo.txt', 'bar.txt']);
    // mailgun-route-mime.form was signed with the same timestamp and token: a replay.
    const replay = await postCapture('mailgun-route-mime.form').expect(403);
    expect(replay.body.errors[0].field).toBe('token');
  });

  it('stores the raw-MIME capture (body-mime) once its token is new to this service', async () => {
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${t.config.REDIS_KEY_PREFIX}:mailgun:token:*`);
    await redis.del(...keys.map((k) => k.slice(t.config.REDIS_KEY_PREFIX.length + 1)));
    const res = await postCapture('mailgun-route-mime.form').expect(200);
    const c = (await request(t.url).get(`/contacts/${res.body.contactId}`).set(bearer(token)).expect(200)).body;
    expect(c).toMatchObject({ source: 'mailgun', subject: 'Test' });
  });

  it('refuses the capture signed with another key and the bad-signature capture', async () => {
    await postCapture('mailgun-route.form').expect(403);
    await postCapture('mailgun-route-bad-signature.form').expect(403);
  });

  it('answers 503 for SendGrid while INBOUND_EMAIL_BASIC_AUTH is not configured', async () => {
    const res = await request(t.url)
      .post('/webhooks/email/sendgrid')
      .set(basic())
      .set('Content-Type', capturedPost('sendgrid-inbound.multipart.txt').contentType)
      .send(capturedPost('sendgrid-inbound.multipart.txt').body)
      .expect(503);
    expect(res.body.message).toBe('INBOUND_EMAIL_BASIC_AUTH is not configured');
  });
});

describe('Mailgun without a signing key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 503 naming the variable', async () => {
    const res = await request(t.url)
      .post('/webhooks/email/mailgun')
      .type('form')
      .send(mailgunForm(mailgunMessage('<x@example.org>')))
      .expect(503);
    expect(res.body.message).toBe('MAILGUN_WEBHOOK_SIGNING_KEY is not configured');
  });
});
