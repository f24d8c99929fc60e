import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, login } from '../helpers/http';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface ContactBody {
  id: string;
  status: string;
  channel: string | null;
  channelReason: string | null;
  language: string;
  personId: string | null;
  customerId: string | null;
  from: { email: string | null; phone: string | null };
  customer: { id: string; name: string; domain: string | null } | null;
  timeline: { type: string; data: Record<string, unknown> }[];
}

describe('POST /inquiries (web form intake)', () => {
  let t: TestApp;
  let token: string;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0' });
    token = await login(t);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request(t.url)
      .post('/inquiries')
      .set(headers)
      .send(body as object);

  const classified = (id: string) =>
    eventually(
      async () => {
        const res = await request(t.url).get(`/contacts/${id}`).set(bearer(token)).expect(200);
        const contact = res.body as ContactBody;
        return contact.status === 'queued' ? contact : undefined;
      },
      // Generous for a loaded CI machine; how fast it really is, `npm run bench` measures.
      5000,
      25,
    );

  it('answers 202 with the contact id and classifies it within seconds', async () => {
    const res = await post({
      name: '山田 太郎',
      email: 'Taro.Yamada@Acme-Example.co.jp',
      phone: '+81 3-1234-5678',
      company: '株式会社アクメ',
      message: 'サーバーの見積もりをお願いします。',
      type: 'quote',
      productLine: 'server',
      consent: true,
    }).expect(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'received' });

    const contact = await classified(res.body.id);
    expect(contact.channel).toBe('e_sales');
    expect(contact.channelReason).toContain('server');
    expect(contact.language).toBe('ja');
    expect(contact.from).toMatchObject({ email: 'taro.yamada@acme-example.co.jp', phone: '+81312345678' });
    expect(contact.customer).toMatchObject({ name: '株式会社アクメ', domain: 'acme-example.co.jp' });
    // The acknowledgement mail is sent in parallel with classification; its event may come at any point.
    expect(contact.timeline.map((e) => e.type).filter((type) => type !== 'contact.acknowledged')).toEqual([
      'contact.received',
      'contact.identified',
      'contact.classified',
      'contact.status_changed',
    ]);
  });

  it('routes a seminar request and a general question to Demand Generation', async () => {
    const seminar = await post({
      name: 'Li Wei',
      email: 'li.wei@qq.com',
      message: '请问下次研讨会是什么时候?',
      type: 'seminar',
    }).expect(202);
    const question = await post({ name: 'Ann', phone: '(415) 555-2671', message: 'What do you sell?' }).expect(202);
    expect((await classified(seminar.body.id)).channel).toBe('demand_generation');
    const q = await classified(question.body.id);
    expect(q.channel).toBe('demand_generation');
    expect(q.timeline.find((e) => e.type === 'contact.classified')?.data.rule).toBe('general_question');
  });

  it('routes a known account with a relationship owner to e-Coverage', async () => {
    const first = await post({
      name: 'Owner Test',
      email: 'a@owned-account.example.org',
      message: 'hello',
      company: 'Owned Inc',
    }).expect(202);
    const { customerId } = await classified(first.body.id);
    const [{ id: ownerId }] = await db.query<{ id: string }[]>(`SELECT id FROM app_user LIMIT 1`);
    await db.query(`UPDATE customer SET relationship_owner_id = $1 WHERE id = $2`, [ownerId, customerId]);

    const second = await post({
      name: 'Colleague',
      email: 'b@owned-account.example.org',
      message: 'We need a quote',
      type: 'quote',
      productLine: 'server',
    }).expect(202);
    const contact = await classified(second.body.id);
    expect(contact.customerId).toBe(customerId);
    expect(contact.channel).toBe('e_coverage');
  });

  it('knows the same person again whatever the case of the e-mail or the notation of the phone', async () => {
    const a = await post({ name: 'Hanako', email: 'Hanako@Example-Corp.jp', message: 'one' }).expect(202);
    const b = await post({
      name: 'Hanako',
      email: 'hanako@example-corp.jp',
      phone: '+81 90 1234 5678',
      message: 'two',
    }).expect(202);
    const c = await post({ name: 'Hanako', phone: '+81-90-1234-5678', message: 'three' }).expect(202);
    await Promise.all([classified(a.body.id), classified(b.body.id), classified(c.body.id)]);
    // Read them again once all three are classified: when the phone-only contact was classified
    // first it made a person of its own, merged into the e-mail's person by the contact naming both.
    const [ca, cb, cc] = await Promise.all([classified(a.body.id), classified(b.body.id), classified(c.body.id)]);
    expect(ca.personId).toBeTruthy();
    expect(cb.personId).toBe(ca.personId);
    expect(cc.personId).toBe(ca.personId);
    const people = await db.query(`SELECT email, phone FROM person WHERE id = $1`, [ca.personId]);
    expect(people).toEqual([{ email: 'hanako@example-corp.jp', phone: '+819012345678' }]);
  });

  it('merges a person known only by phone into the person with the e-mail once a contact links them', async () => {
    const call = await post({ name: 'Kenta', phone: '+81 80 2222 3333', message: 'by phone first' }).expect(202);
    const phonePerson = (await classified(call.body.id)).personId;
    const mail = await post({ name: 'Kenta', email: 'kenta@merge.example.net', message: 'then by mail' }).expect(202);
    const emailPerson = (await classified(mail.body.id)).personId;
    expect(phonePerson).not.toBe(emailPerson);

    const both = await post(
      { name: 'Kenta', email: 'kenta@merge.example.net', phone: '+81-80-2222-3333', message: 'both', type: 'question' },
      {},
    ).expect(202);
    expect((await classified(both.body.id)).personId).toBe(emailPerson);
    const first = await request(t.url).get(`/contacts/${call.body.id}`).set(bearer(token)).expect(200);
    expect(first.body.personId).toBe(emailPerson);
    expect(first.body.person).toMatchObject({ email: 'kenta@merge.example.net', phone: '+818022223333' });
    expect(await db.query(`SELECT merged_into_id FROM person WHERE id = $1`, [phonePerson])).toEqual([
      { merged_into_id: emailPerson },
    ]);
    const events = await db.query(`SELECT data FROM timeline_event WHERE type = 'person.merged' AND person_id = $1`, [
      emailPerson,
    ]);
    expect(events).toEqual([{ data: expect.objectContaining({ absorbedId: phonePerson }) }]);
  });

  it('makes one person when two contacts of a new person are processed at the same time', async () => {
    const posts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post({ name: 'Twin', email: 'twin@concurrent.example.net', message: `m${i}` }).expect(202),
      ),
    );
    const contacts = await Promise.all(posts.map((r) => classified(r.body.id)));
    expect(new Set(contacts.map((c) => c.personId)).size).toBe(1);
    expect(await db.query(`SELECT count(*)::int AS n FROM person WHERE email = 'twin@concurrent.example.net'`)).toEqual(
      [{ n: 1 }],
    );
  });

  it('accepts a form-encoded post', async () => {
    const res = await request(t.url)
      .post('/inquiries')
      .type('form')
      .send(
        'name=Form+User&email=form%40example.org&message=Quote+please&type=purchase&productLine=pc&consent=on&website=',
      )
      .expect(202);
    const contact = await classified(res.body.id);
    expect(contact.channel).toBe('e_sales');
  });

  describe('Idempotency-Key', () => {
    const body = { name: 'Retry', email: 'retry@example.org', message: 'same request twice' };

    it('returns the first answer to a resubmission and stores one contact', async () => {
      const first = await post(body, { 'Idempotency-Key': 'form-123' }).expect(202);
      const second = await post(body, { 'Idempotency-Key': 'form-123' }).expect(202);
      expect(second.body).toEqual(first.body);
      expect(await db.query(`SELECT count(*)::int AS n FROM contact WHERE external_id = 'form-123'`)).toEqual([
        { n: 1 },
      ]);
    });

    it('stores one contact when ten resubmissions arrive at once', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(body, { 'Idempotency-Key': 'burst-1' })));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await db.query(`SELECT count(*)::int AS n FROM contact WHERE external_id = 'burst-1'`)).toEqual([
        { n: 1 },
      ]);
      expect(
        await db.query(
          `SELECT count(*)::int AS n FROM outbox WHERE payload->>'contactId' = $1 AND job_name = 'contact.process'`,
          [answers[0].body.id],
        ),
      ).toEqual([{ n: 1 }]);
    });

    it('refuses a key reused for a different request with 422', async () => {
      await post(body, { 'Idempotency-Key': 'reused' }).expect(202);
      const res = await post({ ...body, message: 'something else' }, { 'Idempotency-Key': 'reused' }).expect(422);
      expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    });

    it('refuses a malformed key', async () => {
      const res = await post(body, { 'Idempotency-Key': 'has spaces in it' }).expect(400);
      expect(res.body.errors[0].field).toBe('Idempotency-Key');
    });
  });

  describe('bad input answers 4xx naming the field and writes nothing', () => {
    const good = { name: 'Valid Name', email: 'valid@example.org', message: 'hello' };
    const cases: [string, unknown, string][] = [
      ['missing name', { email: 'a@example.org', message: 'x' }, 'name'],
      ['empty name', { ...good, name: '   ' }, 'name'],
      ['name is a number', { ...good, name: 42 }, 'name'],
      ['name too long', { ...good, name: 'n'.repeat(201) }, 'name'],
      ['bad e-mail', { ...good, email: 'not-an-email' }, 'email'],
      ['e-mail is an array', { ...good, email: ['a@example.org'] }, 'email'],
      ['neither e-mail nor phone', { name: 'x', message: 'x' }, 'email'],
      ['phone with letters', { name: 'x', phone: 'call me maybe', message: 'x' }, 'phone'],
      ['phone that is no number', { name: 'x', phone: '+1 000', message: 'x' }, 'phone'],
      ['missing message', { name: 'x', email: 'a@example.org' }, 'message'],
      ['6,000-character message', { ...good, message: 'm'.repeat(6000) }, 'message'],
      ['message is an object', { ...good, message: { text: 'hi' } }, 'message'],
      ['unknown type', { ...good, type: 'complaint' }, 'type'],
      ['type is a number', { ...good, type: 3 }, 'type'],
      ['productLine with spaces', { ...good, productLine: 'big servers' }, 'productLine'],
      ['consent is a string in JSON', { ...good, consent: 'maybe' }, 'consent'],
      ['honeypot filled', { ...good, website: 'http://spam.example' }, 'website'],
      ['company too long', { ...good, company: 'c'.repeat(201) }, 'company'],
      ['unknown language', { ...good, language: 'fr' }, 'language'],
      ['body is a JSON array', [good], 'name'],
    ];

    it.each(cases.map(([name, body, field]) => [name, field, body] as const))(
      '%s -> 400 naming %s',
      async (_name, field, body) => {
        const res = await post(body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(res.body.message).toEqual(expect.any(String));
      },
    );

    it('JSON that does not parse -> 400 naming the body', async () => {
      const res = await request(t.url)
        .post('/inquiries')
        .set('Content-Type', 'application/json')
        .send('{"name": "x",')
        .expect(400);
      expect(res.body.errors[0].field).toBe('body');
    });

    it('a huge body -> 413', async () => {
      const res = await post({ ...good, message: 'x'.repeat(200_000) }).expect(413);
      expect(res.body.errors[0].field).toBe('body');
    });

    it('an unsupported content type -> 400, not 500', async () => {
      const res = await request(t.url).post('/inquiries').set('Content-Type', 'text/plain').send('name=x').expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('name');
    });

    it('left no row behind', async () => {
      const rows = await db.query(
        `SELECT count(*)::int AS n FROM contact WHERE from_email IN ('valid@example.org', 'a@example.org') OR from_name IN ('x', 'Valid Name')`,
      );
      expect(rows).toEqual([{ n: 0 }]);
    });
  });
});

describe('POST /inquiries rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the per-address limit', async () => {
    const body = { name: 'Busy', email: 'busy@example.org', message: 'hi' };
    for (let i = 0; i < 3; i++) await request(t.url).post('/inquiries').send(body).expect(202);
    const res = await request(t.url).post('/inquiries').send(body).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.statusCode).toBe(429);
  });
});
