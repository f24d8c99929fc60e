'use strict';
// 1,000,000 contacts (BENCH_CONTACTS) seeded with generate_series into the service's database,
// then every GET /contacts filter, a cursor page and GET /supervisor/overview timed one request
// at a time (p99 of each), as an admin (sees everything) and as an agent (its own contacts only).
const { QUICK, percentile } = require('../lib/common');
const { startService, ADMIN } = require('../lib/service');
const { jsonClient, login } = require('../lib/client');

exports.order = 70;

/** Drops the contact table's secondary indexes, bulk-loads, then rebuilds them: far faster than row by row. */
async function seed(db, contacts, log) {
  const customers = Math.max(100, Math.round(contacts / 50));
  const people = Math.max(1000, Math.round(contacts / 5));
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query(
    `INSERT INTO customer (name, domain, name_key, segment)
     SELECT 'Customer ' || g, 'customer' || g || '.example.com', 'customer ' || g,
            (ARRAY['enterprise', 'smb', 'public', NULL])[1 + g % 4]
       FROM generate_series(1, $1) g`,
    [customers],
  );
  await db.query(
    `INSERT INTO person (name, email, phone, customer_id)
     SELECT 'Person ' || g, 'person' || g || '@customer' || (1 + g % $2) || '.example.com', '+8190' || lpad(g::text, 8, '0'),
            (SELECT id FROM customer WHERE domain = 'customer' || (1 + g % $2) || '.example.com')
       FROM generate_series(1, $1) g`,
    [people, customers],
  );
  const { rows: indexes } = await db.query(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE tablename = 'contact' AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'contact'::regclass)`,
  );
  for (const { indexname } of indexes) await db.query(`DROP INDEX ${indexname}`);
  log(`seeding ${contacts} contacts (${customers} customers, ${people} people)`);
  const chunk = 250_000;
  for (let from = 1; from <= contacts; from += chunk) {
    await db.query(
      `WITH p AS (SELECT id, customer_id, email, phone, row_number() OVER (ORDER BY email) AS n FROM person)
       INSERT INTO contact (medium, source, status, channel, inquiry_type, language, from_name, from_email, from_phone,
                            from_company, body, person_id, customer_id, created_at, updated_at)
       SELECT (ARRAY['web', 'voice', 'sms', 'email', 'fax'])[1 + g % 5], 'bench',
              CASE WHEN g % 100 < 90 THEN 'closed' WHEN g % 100 < 94 THEN 'qualified' WHEN g % 100 < 97 THEN 'queued'
                   WHEN g % 100 < 98 THEN 'offered' WHEN g % 100 < 99 THEN 'assigned' ELSE 'received' END,
              CASE WHEN g % 100 >= 99 THEN NULL ELSE (ARRAY['e_coverage', 'e_sales', 'demand_generation'])[1 + g % 3] END,
              'question', 'ja', 'Person ' || p.n, p.email, p.phone, 'Customer ' || (1 + g % $4), 'お問い合わせ ' || g,
              CASE WHEN g % 10 < 7 THEN p.id END, CASE WHEN g % 10 < 7 THEN p.customer_id END,
              now() - make_interval(secs => ($3 - g) * 30), now() - make_interval(secs => ($3 - g) * 30)
         FROM generate_series($1::int, $2::int) g JOIN p ON p.n = 1 + g % $5`,
      [from, Math.min(contacts, from + chunk - 1), contacts, customers, people],
    );
  }
  log('rebuilding the contact indexes');
  for (const { indexdef } of indexes) await db.query(indexdef);
  // Index-only scans need the visibility map autovacuum would have built by then.
  await db.query(`VACUUM (ANALYZE) contact`);
  await db.query(`ANALYZE`);
}

async function timed(client, path, token, samples) {
  const latencies = [];
  let failures = 0;
  for (let i = 0; i < samples; i++) {
    const target = typeof path === 'function' ? path(i) : path;
    const t0 = performance.now();
    const res = await client.call('GET', target, undefined, token);
    latencies.push(performance.now() - t0);
    if (res.status !== 200) failures++;
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

exports.seed = seed;

exports.run = async function run(ctx) {
  const contacts = Number(process.env.BENCH_CONTACTS ?? (QUICK ? 50_000 : 1_000_000));
  const samples = QUICK ? 10 : 50;
  // BENCH_KEEP_DATABASE=<name>: the seeded database stays for the next run, which reuses it when
  // it holds the contacts asked for (the service migrates it to the current schema first).
  const keep = process.env.BENCH_KEEP_DATABASE || undefined;
  const service = await startService({ backend: 'redis', database: keep });
  const client = jsonClient(service.url);
  const db = await service.db();
  try {
    const { rows: seeded } = await db.query(`SELECT count(*)::int AS n FROM contact WHERE source = 'bench'`);
    if (keep && seeded[0].n === contacts) {
      ctx.log(`reusing ${keep}: ${seeded[0].n} contacts`);
      await db.query(`ANALYZE`);
    } else {
      if (seeded[0].n > 0) throw new Error(`${keep} holds ${seeded[0].n} bench contacts, not ${contacts}: drop it`);
      const t0 = performance.now();
      await seed(db, contacts, ctx.log);
      ctx.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const admin = await login(client, ADMIN.email, ADMIN.password);
    const agentEmail = 'bench-volume-agent@example.org';
    const created = await client.call(
      'POST',
      '/users',
      { email: agentEmail, password: 'bench-password-1', name: 'Volume Agent', roles: ['agent'] },
      admin,
    );
    // 409: a kept database already has the agent.
    if (created.status >= 300 && !(keep && created.status === 409)) throw new Error(`create agent: ${created.status}`);
    const agent = await login(client, agentEmail, 'bench-password-1');
    const { rows: customers } = await db.query(`SELECT id FROM customer ORDER BY random() LIMIT $1`, [samples]);
    const { rows: people } = await db.query(`SELECT id FROM person ORDER BY random() LIMIT $1`, [samples]);
    const { rows: cursors } = await db.query(`SELECT id FROM contact TABLESAMPLE SYSTEM (1) LIMIT $1`, [samples]);
    const pick = (rows) => (i) => rows[i % rows.length].id;
    const customer = pick(customers);
    const person = pick(people);
    const cursor = pick(cursors);
    const queries = [
      ['GET /contacts (newest page)', '/contacts', admin],
      ['GET /contacts?status=queued', '/contacts?status=queued', admin],
      ['GET /contacts?status=received', '/contacts?status=received', admin],
      ['GET /contacts?channel=e_sales', '/contacts?channel=e_sales', admin],
      ['GET /contacts?medium=fax', '/contacts?medium=fax', admin],
      ['GET /contacts?status=queued&medium=fax', '/contacts?status=queued&medium=fax', admin],
      ['GET /contacts?customerId=', (i) => `/contacts?customerId=${customer(i)}`, admin],
      ['GET /contacts?personId=', (i) => `/contacts?personId=${person(i)}`, admin],
      ['GET /contacts?q= (a name)', (i) => `/contacts?q=${encodeURIComponent(`Person ${1 + i * 37}`)}`, admin],
      [
        'GET /contacts?q= (a phone number)',
        (i) => `/contacts?q=${encodeURIComponent(`+8190${String(1 + i * 37).padStart(8, '0')}`)}`,
        admin,
      ],
      ['GET /contacts?cursor= (a page anywhere)', (i) => `/contacts?cursor=${cursor(i)}`, admin],
      ['GET /contacts?status=closed&cursor=', (i) => `/contacts?status=closed&cursor=${cursor(i)}`, admin],
      ['GET /contacts as an agent (own contacts only)', '/contacts', agent],
    ];
    const rows = [];
    for (const [figure, path, token] of queries) {
      const r = await timed(client, path, token, samples);
      rows.push({
        figure: `${figure} at ${contacts.toLocaleString('en-US')} contacts`,
        baseline: 'target',
        baselineValue: 50,
        value: r.p99,
        unit: 'ms p99',
        ratio: r.p99 / 50,
        note: `p50 ${r.p50.toFixed(1)} ms${r.failures ? `; ${r.failures} non-200` : ''}`,
      });
    }
    const overview = await timed(client, '/supervisor/overview', admin, samples);
    rows.push({
      figure: `GET /supervisor/overview at ${contacts.toLocaleString('en-US')} contacts`,
      baseline: 'target',
      baselineValue: 100,
      value: overview.p99,
      unit: 'ms p99',
      ratio: overview.p99 / 100,
      note: `p50 ${overview.p50.toFixed(1)} ms${overview.failures ? `; ${overview.failures} non-200` : ''}`,
    });
    return rows;
  } finally {
    await db.end();
    client.close();
    await service.stop({ keepDatabase: Boolean(keep) });
  }
};
