import fc from 'fast-check';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { AgentClient } from '../helpers/agent-socket';
import { createUser, login } from '../helpers/http';
import { genericFaxSignature, phaxioTestSignature } from '../helpers/telephony';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

/**
 * Property-based fuzzing of every entry: arbitrary JSON, forms and multipart bodies, and socket
 * payloads. Never an answer >= 500 (nor an `internal_error` acknowledgement), and nothing
 * half-written: a run without a 2xx leaves every table's row count as it was.
 *
 * Deterministic: FUZZ_SEED (default below) seeds fast-check; a failure prints the seed and the body.
 * FUZZ_BODIES sets the total number of bodies (default 10,400).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const TOTAL = Number(process.env.FUZZ_BODIES ?? 10_400);
const BATCH = 20;

const TWILIO_TOKEN = 'twilio-fuzz-token';
const PUBLIC = 'https://cc.example.test/fuzz';
const FAX_SECRET = 'fax-fuzz-secret';
const MAILGUN_KEY = 'mailgun-fuzz-key';
const BASIC = 'inbound:fuzz-password';

// ---------------------------------------------------------------- values

const NASTY = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u200f',
  '😀',
  '漢',
  'テ',
  'a',
  ' ',
  '@',
  '.',
  '+',
  '1',
  '%',
  '\n',
];
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', 'null', 'true', '0', '-1', '1e999', 'a@b.c', 'x\u0000@example.com', 'a\ud800@example.com'),
  fc.constantFrom('\u202eevil\u202c', 'مرحبا بالعالم', '山田 太郎', '👩‍👩‍👧‍👦'.repeat(50)),
  fc.constantFrom('x'.repeat(6000), 'あ'.repeat(3000)),
);
const edgeNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 5e-324),
);

/** A chain of `depth` objects or arrays, as JSON text can carry it. */
const deep = (depth: number, array: boolean): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
};

const { json: anyJson } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    edgeNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('json'), { maxKeys: 4 }),
  ),
}));
const deepValue = fc.oneof(fc.constantFrom(31, 33, 100, 3000).chain((d) => fc.boolean().map((a) => deep(d, a))));
const weird = fc.oneof({ arbitrary: anyJson, weight: 6 }, { arbitrary: deepValue, weight: 1 });

/** A body shaped like `valid`, fields kept, replaced by weird values, dropped, or added. */
function around(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const mutated = fc
    .record({
      replace: fc.dictionary(keys.length ? fc.constantFrom(...keys) : nastyString, weird, { maxKeys: 3 }),
      drop: fc.subarray(keys, { maxLength: Math.min(2, keys.length) }),
      extra: fc.dictionary(nastyString, weird, { maxKeys: 2 }),
    })
    .map(({ replace, drop, extra }) => {
      const body: Record<string, unknown> = { ...valid, ...replace, ...extra };
      for (const k of drop) delete body[k];
      return body;
    });
  return fc.oneof({ arbitrary: mutated, weight: 8 }, { arbitrary: weird, weight: 2 }, fc.constant(valid));
}

/** Form fields: strings only (what a form can carry), NUL and friends included. */
function aroundForm(valid: Record<string, string>): fc.Arbitrary<Record<string, string>> {
  const keys = Object.keys(valid);
  return fc
    .record({
      replace: fc.dictionary(fc.constantFrom(...keys), nastyString, { maxKeys: 3 }),
      drop: fc.subarray(keys, { maxLength: Math.min(2, keys.length) }),
      extra: fc.dictionary(nastyString, nastyString, { maxKeys: 2 }),
    })
    .map(({ replace, drop, extra }) => {
      const body: Record<string, string> = { ...valid, ...extra, ...replace };
      for (const k of drop) delete body[k];
      return body;
    });
}

/** application/x-www-form-urlencoded of exactly these strings (lone surrogates become U+FFFD bytes). */
const formEncode = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${pct(k)}=${pct(v)}`)
    .join('&');
const pct = (s: string): string =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

function multipart(fields: Record<string, string>, files: Record<string, { bytes: Buffer; type: string }> = {}) {
  const boundary = `----fuzz${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const safe = name.replace(/["\r\n]/g, '_');
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${safe}"\r\n\r\n${value}\r\n`));
  }
  for (const [name, file] of Object.entries(files)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="f.pdf"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

// ---------------------------------------------------------------- requests

interface Sent {
  status: number;
  text: string;
}
interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

jest.setTimeout(300_000);

describe('fuzzing every entry', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let victimId: string;
  let agentId: string;
  let contactId: string;
  let sentTotal = 0;

  beforeAll(async () => {
    t = await startTestApp({
      PUBLIC_BASE_URL: PUBLIC,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      FAX_WEBHOOK_SECRET: FAX_SECRET,
      MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY,
      INBOUND_EMAIL_BASIC_AUTH: BASIC,
      // The softphone configured, so its token endpoint answers rather than 503.
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001',
      TWILIO_API_KEY_SID: 'SK00000000000000000000000000000002',
      TWILIO_API_KEY_SECRET: 'api-key-secret-for-tests-0123456789',
      TWILIO_TWIML_APP_SID: 'AP00000000000000000000000000000003',
    });
    db = t.app.get(DataSource);
    admin = await login(t);
    victimId = (await createUser(t, admin, { email: 'victim@example.test', roles: ['agent'] })).id;
    agentId = (await createUser(t, admin, { email: 'agent@example.test', roles: ['agent'] })).id;
    const res = await send({
      method: 'POST',
      path: '/inquiries',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Seed', email: 'seed@example.org', message: 'hello' }),
    });
    contactId = (JSON.parse(res.text) as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function send(r: Request): Promise<Sent> {
    const res = await fetch(t.url + r.path, { method: r.method, headers: r.headers, body: r.body });
    return { status: res.status, text: await res.text() };
  }

  /**
   * Row counts of every table, in one query; but the funnel's per-day counts and their deltas,
   * which the repeatable compaction folds together whenever it runs (fewer rows, not fewer contacts).
   */
  async function counts(): Promise<Record<string, number>> {
    const tables = (
      await db.query<{ name: string }[]>(
        `SELECT tablename AS name FROM pg_tables
          WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'report_cohort_day', 'report_cohort_delta')
          ORDER BY 1`,
      )
    ).map((r) => r.name);
    const sql = `SELECT ${tables.map((n) => `(SELECT count(*)::int FROM "${n}") AS "${n}"`).join(', ')}`;
    return (await db.query<Record<string, number>[]>(sql))[0];
  }
  /** Counts once background work (jobs of earlier successes) has stopped changing them. */
  async function settledCounts(): Promise<Record<string, number>> {
    let last = JSON.stringify(await counts());
    return eventually(
      async () => {
        const now = JSON.stringify(await counts());
        if (now === last) return JSON.parse(now) as Record<string, number>;
        last = now;
        return undefined;
      },
      20_000,
      150,
    );
  }

  /**
   * Sends `numRuns` batches of BATCH generated requests, each batch concurrently; fails on any
   * answer >= 500 with the seed and the request. Then checks the row counts.
   */
  async function fuzz(name: string, share: number, arb: fc.Arbitrary<unknown>, toRequest: (v: unknown) => Request) {
    const numRuns = Math.max(1, Math.ceil((TOTAL * share) / BATCH));
    const before = await settledCounts();
    let succeeded = 0;
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { minLength: BATCH, maxLength: BATCH }), async (values) => {
        const requests = values.map(toRequest);
        const answers = await Promise.all(requests.map(send));
        sentTotal += answers.length;
        answers.forEach((a, i) => {
          if (a.status >= 200 && a.status < 300) succeeded++;
          if (a.status >= 500) {
            const r = requests[i];
            const shown =
              typeof r.body === 'string' ? r.body.slice(0, 2000) : r.body?.toString('latin1').slice(0, 2000);
            failures.push(
              `${name}: ${a.status} ${a.text.slice(0, 300)} for ${r.method} ${r.path} ${shown} (FUZZ_SEED=${SEED})`,
            );
          }
        });
      }),
      { seed: SEED, numRuns, endOnFailure: true },
    );
    // Reported here rather than through fast-check, whose report would print 3,000-deep bodies.
    expect(failures.slice(0, 5)).toEqual([]);
    const after = succeeded === 0 ? await counts() : await settledCounts();
    if (succeeded === 0) expect({ name, counts: after }).toEqual({ name, counts: before });
    else
      for (const [table, n] of Object.entries(after))
        // Nothing vanishes, and at most a handful of rows per successful request.
        expect({ name, table, ok: n >= before[table] && n - before[table] <= succeeded * 12 }).toEqual({
          name,
          table,
          ok: true,
        });
    return succeeded;
  }

  const json =
    (method: string, path: string, token?: string) =>
    (body: unknown): Request => ({
      method,
      path,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? '' : JSON.stringify(body),
    });
  const staff = (method: string, path: string) => json(method, path, admin);
  const anyId = fc.oneof(fc.uuid(), fc.constantFrom('not-a-uuid', '%00', '%F0%9F%98%80', '..', 'null'));
  const withId = (ids: () => fc.Arbitrary<string>, body: fc.Arbitrary<unknown>) => fc.tuple(ids(), body);

  const inquiry = { name: '山田 太郎', email: 'taro@example.co.jp', phone: '+81 3-1234-5678', message: 'quote please' };

  it('public web form and login: JSON and form-encoded', async () => {
    await fuzz('inquiries json', 0.07, around(inquiry), json('POST', '/inquiries'));
    await fuzz('inquiries form', 0.05, aroundForm({ ...inquiry, consent: 'on', type: 'question' }), (v) => ({
      method: 'POST',
      path: '/inquiries',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formEncode(v as Record<string, string>),
    }));
    await fuzz('login', 0.05, around({ email: 'nobody@example.test', password: 'x' }), json('POST', '/auth/login'));
  });

  it('staff endpoints', async () => {
    await fuzz(
      'users',
      0.04,
      around({ email: 'new@example.test', password: 'password-123456', name: 'N', roles: ['agent'], skills: {} }),
      staff('POST', '/users'),
    );
    await fuzz(
      'users patch',
      0.03,
      around({ name: 'V', skills: { languages: ['ja'] } }),
      staff('PATCH', `/users/${victimId}`),
    );
    await fuzz(
      'qualification',
      0.06,
      withId(
        () => fc.oneof({ arbitrary: fc.constant(contactId), weight: 4 }, anyId),
        around({
          maturity: 'qualified',
          revenueTier: 'large',
          complexity: 'high',
          budget: true,
          notes: 'n',
          territory: 'kanto',
        }),
      ),
      (v) => {
        const [id, body] = v as [string, unknown];
        return staff('POST', `/contacts/${id}/qualification`)(body);
      },
    );
    await fuzz(
      'handoff decline',
      0.02,
      withId(() => anyId, around({ reason: 'busy' })),
      (v) => {
        const [id, body] = v as [string, unknown];
        return staff('POST', `/handoffs/${id}/decline`)(body);
      },
    );
    await fuzz(
      'handoff accept',
      0.01,
      withId(() => anyId, weird),
      (v) => {
        const [id, body] = v as [string, unknown];
        return staff('POST', `/handoffs/${id}/accept`)(body);
      },
    );
    await fuzz('stall check', 0.01, weird, staff('POST', '/leads/stall-check'));
    await fuzz(
      'partners',
      0.04,
      around({ name: 'P', email: 'p@example.org', regions: ['kanto'], productLines: ['server'], active: true }),
      staff('POST', '/partners'),
    );
    await fuzz(
      'partners patch',
      0.02,
      withId(() => anyId, around({ name: 'Q', active: false })),
      (v) => {
        const [id, body] = v as [string, unknown];
        return staff('PATCH', `/partners/${id}`)(body);
      },
    );
    await fuzz(
      'catalog',
      0.04,
      withId(
        () => fc.oneof(fc.constantFrom('server', 'fuzz-line'), nastyString.map(encodeURIComponentSafe)),
        around({ name: 'Servers', complexity: 'high', segments: [{ segment: 'enterprise', bonus: 30 }], active: true }),
      ),
      (v) => {
        const [code, body] = v as [string, unknown];
        return staff('PUT', `/catalog/product-lines/${code}`)(body);
      },
    );
    await fuzz(
      'matrix',
      0.04,
      around({
        cells: { small: { low: 'inside_sales' } },
        revenueThresholds: { medium: 1000, large: 10000 },
        qualificationBar: 'qualified',
      }),
      staff('PUT', '/routing/matrix'),
    );
    await fuzz(
      'callback tasks',
      0.03,
      withId(() => anyId, around({ status: 'done', assignedAgentId: agentId, note: 'called back' })),
      (v) => {
        const [id, body] = v as [string, unknown];
        return staff('PATCH', `/callback-tasks/${id}`)(body);
      },
    );
    await fuzz(
      'agent profile',
      0.04,
      withId(
        () => fc.oneof({ arbitrary: fc.constant(agentId), weight: 3 }, anyId),
        around({ capacity: { web: 2, email: 3 }, territories: ['kanto'], industries: ['it'], maxOpenLeads: 5 }),
      ),
      (v) => {
        const [id, body] = v as [string, unknown];
        return staff('PUT', `/routing/agents/${id}/profile`)(body);
      },
    );
    await fuzz('softphone token', 0.01, weird, staff('POST', '/softphone/token'));
    await fuzz(
      'queries',
      0.03,
      fc.tuple(
        fc.constantFrom('/contacts', '/leads', '/callback-tasks', '/routing/agents', '/supervisor/overview'),
        fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
      ),
      (v) => {
        const [path, query] = v as [string, Record<string, string>];
        return { method: 'GET', path: `${path}?${formEncode(query)}`, headers: { Authorization: `Bearer ${admin}` } };
      },
    );
  });

  it('providers: Twilio, SendGrid, Mailgun, Phaxio and the generic fax, signed', async () => {
    const sign = (path: string, fields: Record<string, string>) =>
      twilio.getExpectedTwilioSignature(TWILIO_TOKEN, PUBLIC + path, fields);
    const twilioForm =
      (path: string) =>
      (v: unknown): Request => {
        const fields = v as Record<string, string>;
        return {
          method: 'POST',
          path,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': sign(path, fields) },
          body: formEncode(fields),
        };
      };
    const sms = {
      MessageSid: 'SM0123',
      AccountSid: 'AC1',
      From: '+819012345678',
      To: '+81312345678',
      Body: 'hello',
      NumMedia: '0',
    };
    await fuzz(
      'twilio sms',
      0.06,
      aroundForm(sms).map(withFreshSid('MessageSid', 'SM')),
      twilioForm('/webhooks/twilio/sms'),
    );
    const call = {
      CallSid: 'CA0123',
      AccountSid: 'AC1',
      From: '+819012345678',
      To: '+81312345678',
      CallStatus: 'ringing',
    };
    for (const path of ['', '/wait', '/queue-exit', '/voicemail', '/recording', '/status', '/bridged', '/agent'])
      await fuzz(
        `twilio voice${path}`,
        0.012,
        aroundForm({
          ...call,
          RecordingSid: 'RE1',
          RecordingUrl: 'https://api.twilio.com/x',
          RecordingDuration: '3',
          QueueResult: 'hangup',
        }).map(withFreshSid('CallSid', 'CA')),
        twilioForm(`/webhooks/twilio/voice${path}`),
      );

    const basic = `Basic ${Buffer.from(BASIC).toString('base64')}`;
    const sendgrid = {
      from: 'Ann <ann@example.org>',
      to: 'sales@cc.example',
      subject: 'Hi',
      text: 'quote please',
      headers: 'Message-ID: <x@y>',
    };
    await fuzz('sendgrid', 0.05, aroundForm(sendgrid), (v) => {
      const post = multipart(v as Record<string, string>);
      return {
        method: 'POST',
        path: '/webhooks/email/sendgrid',
        headers: { Authorization: basic, 'Content-Type': post.contentType },
        body: post.body,
      };
    });
    const mailgun = {
      sender: 'ann@example.org',
      from: 'Ann <ann@example.org>',
      recipient: 'sales@cc.example',
      subject: 'Hi',
      'body-plain': 'quote',
      'Message-Id': '<m@x>',
    };
    await fuzz('mailgun', 0.05, aroundForm(mailgun), (v) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const token = randomBytes(25).toString('hex');
      const signature = createHmac('sha256', MAILGUN_KEY)
        .update(timestamp + token)
        .digest('hex');
      return {
        method: 'POST',
        path: '/webhooks/email/mailgun',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: formEncode({ ...(v as Record<string, string>), timestamp, token, signature }),
      };
    });
    const fax = {
      id: 1,
      direction: 'received',
      status: 'success',
      from_number: '+81312345678',
      to_number: '+81355556666',
      num_pages: 1,
    };
    await fuzz(
      'phaxio',
      0.04,
      fc.tuple(around(fax), aroundForm({ success: 'true', is_test: 'false', direction: 'received' })),
      (v) => {
        const [faxValue, fields] = v as [unknown, Record<string, string>];
        const all = { ...fields, fax: JSON.stringify(faxValue) ?? 'null' };
        const files = { file: PDF };
        const post = multipart(all, { file: { bytes: PDF, type: 'application/pdf' } });
        // Phaxio signs the decoded fields: lone surrogates reach the server as U+FFFD.
        const decoded = Object.fromEntries(Object.entries(all).map(([k, val]) => [wellFormed(k), wellFormed(val)]));
        return {
          method: 'POST',
          path: '/webhooks/fax/phaxio',
          headers: {
            'Content-Type': post.contentType,
            'X-Phaxio-Signature': phaxioTestSignature(FAX_SECRET, `${PUBLIC}/webhooks/fax/phaxio`, decoded, files),
          },
          body: post.body,
        };
      },
    );
    const generic = {
      faxId: 'gw-1',
      from: '+81312345678',
      to: '+81355556666',
      pages: 1,
      contentType: 'application/pdf',
      document: PDF.toString('base64'),
    };
    await fuzz('generic fax', 0.04, around(generic), (v) => {
      const raw = JSON.stringify(v) ?? 'null';
      return {
        method: 'POST',
        path: '/webhooks/fax/generic',
        headers: { 'Content-Type': 'application/json', 'X-Signature': genericFaxSignature(FAX_SECRET, raw) },
        body: raw,
      };
    });
  });

  it('every socket event the console emits: acknowledgements are never internal errors', async () => {
    const client = await AgentClient.connect(t, admin);
    try {
      const events: [string, Record<string, unknown>][] = [
        ['presence:set', { status: 'away' }],
        ['offer:accept', { offerId: randomUUID() }],
        ['offer:decline', { offerId: randomUUID(), reason: 'busy' }],
        ['assignment:end', { contactId, reason: 'done' }],
        ['handoff:accept', { handoffId: randomUUID() }],
        ['handoff:decline', { handoffId: randomUUID(), reason: 'busy' }],
      ];
      const before = await settledCounts();
      let succeeded = 0;
      const failures: string[] = [];
      for (const [event, valid] of events) {
        const numRuns = Math.max(1, Math.ceil((TOTAL * 0.012) / BATCH));
        await fc.assert(
          fc.asyncProperty(fc.array(around(valid), { minLength: BATCH, maxLength: BATCH }), async (payloads) => {
            const acks = await Promise.all(payloads.map((p) => client.emit(event, p)));
            sentTotal += acks.length;
            acks.forEach((ack, i) => {
              if (ack.ok) succeeded++;
              if (ack.code === 'internal_error')
                failures.push(
                  `${event}: internal error for ${JSON.stringify(payloads[i]).slice(0, 2000)} (FUZZ_SEED=${SEED})`,
                );
            });
          }),
          { seed: SEED, numRuns, endOnFailure: true },
        );
      }
      expect(failures.slice(0, 5)).toEqual([]);
      const after = await settledCounts();
      if (succeeded === 0) expect(after).toEqual(before);
      else
        for (const [table, n] of Object.entries(after)) expect(n - before[table]).toBeLessThanOrEqual(succeeded * 12);
    } finally {
      client.socket.disconnect();
    }
  });

  it(`sent at least ${Math.min(TOTAL, 10_000)} bodies in all`, () => {
    expect(sentTotal).toBeGreaterThanOrEqual(Math.min(TOTAL, 10_000));
  });
});

/** A path segment for any string (lone surrogates as U+FFFD, which is what a client would send). */
function encodeURIComponentSafe(s: string): string {
  return encodeURIComponent(wellFormed(s));
}
function wellFormed(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
/** Each Twilio post gets its own SID (unless fuzzed away), so successes are new conversations. */
function withFreshSid(field: string, prefix: string) {
  return (fields: Record<string, string>): Record<string, string> =>
    fields[field] && /^[A-Z]{2}0123$/.test(fields[field])
      ? { ...fields, [field]: prefix + randomBytes(16).toString('hex') }
      : fields;
}
