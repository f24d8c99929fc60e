'use strict';
// PostgreSQL round trips of one contact's routing cycle: classify, dispatch, accept, end (and the
// dispatch of the agent made free), counted by wrapping pg's Client#query (every statement,
// BEGIN and COMMIT included, is one call) while the services run one step at a time on an api-only
// app (no worker: nothing else routes meanwhile). BENCH_BASELINE_DIST=<a build of main>/dist
// counts the same cycle on that build in the same run, side by side. Then queued contacts are
// dispatched 8 at a time among 40 agents: dispatches per second, and over how many agents.
// Run standalone with `node bench/scenarios/routing-round-trips.js` after `npm run build`.
require('reflect-metadata');
const path = require('node:path');
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

exports.order = 12;

const PG = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PHASES = ['classify', 'dispatch', 'accept', 'end', 'dispatch agent'];
const CONCURRENT_AGENTS = 40;
const CONCURRENT_CONTACTS = Number(process.env.BENCH_CONCURRENT_CONTACTS ?? 100);
const CONCURRENCY = 8;

let counting = null;
const counts = new Map();
const originalQuery = Client.prototype.query;
Client.prototype.query = function countedQuery(...args) {
  if (counting) counts.set(counting, (counts.get(counting) ?? 0) + 1);
  return originalQuery.apply(this, args);
};

function post(port, path, body, token) {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          'content-length': data.length,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function countCycles(dist, cycles) {
  const load = (p) => require(path.join(dist, p));
  const { createHttpApp } = load('app.factory');
  const { validateEnv } = load('config/env.schema');
  const { prepareDatabase } = load('database/prepare-database');
  const { DispatchService } = load('routing/offers/dispatch.service');
  const { OffersService } = load('routing/offers/offers.service');
  const { AssignmentsService } = load('routing/offers/assignments.service');
  const { ContactClassificationService } = load('routing/contact-classification.service');
  const { PresenceStore } = load('routing/agents/presence.store');
  const name = `cc_bench_rt_${randomBytes(4).toString('hex')}`;
  const config = validateEnv({
    NODE_ENV: 'test',
    PROCESS_ROLE: 'api',
    DATABASE_URL: `${PG}/${name}`,
    REDIS_URL: REDIS,
    REDIS_KEY_PREFIX: name,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    INQUIRY_RATE_LIMIT: '0',
    SMTP_INTAKE_PORT: '0',
    ADMIN_EMAIL: 'bench-admin@example.org',
    ADMIN_PASSWORD: 'bench-password-1',
  });
  await prepareDatabase(config.DATABASE_URL);
  const app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  const port = app.getHttpServer().address().port;
  const perPhase = new Map(PHASES.map((p) => [p, []]));
  let concurrent = null;
  try {
    const login = await post(port, '/auth/login', { email: 'bench-admin@example.org', password: 'bench-password-1' });
    const admin = login.body.accessToken;
    const agents = [];
    for (let i = 0; i < 5; i++) {
      const user = await post(
        port,
        '/users',
        { email: `rt-agent-${i}@example.org`, password: 'password-123456', name: `Agent ${i}`, roles: ['agent'] },
        admin,
      );
      agents.push(user.body.id);
      await app.get(PresenceStore).write(user.body.id, 'available', 3600);
    }
    const step = async (phase, fn) => {
      counts.set(phase, 0);
      counting = phase;
      try {
        return await fn();
      } finally {
        counting = null;
        perPhase.get(phase).push(counts.get(phase));
      }
    };
    for (let i = 0; i < cycles; i++) {
      const res = await post(port, '/inquiries', {
        name: `Buyer ${i}`,
        // One company domain for all: the large customer whose contacts identity resolves.
        email: `buyer${i}@big-customer.example.com`,
        company: 'Big Customer',
        message: 'Please quote 20 servers.',
        type: 'quote',
        productLine: 'server',
      });
      const contactId = res.body.id;
      await step('classify', () => app.get(ContactClassificationService).process(contactId));
      const outcome = await step('dispatch', () => app.get(DispatchService).dispatchContact(contactId));
      if (outcome.outcome !== 'offered') throw new Error(`cycle ${i}: ${JSON.stringify(outcome)}`);
      const db = app.get(load('database/typeorm-unit-of-work').TypeOrmUnitOfWork);
      const [offer] = await db.manager.query(`SELECT id FROM offer WHERE contact_id = $1 AND status = 'pending'`, [
        contactId,
      ]);
      await step('accept', () => app.get(OffersService).accept(outcome.agentId, offer.id));
      const principal = { id: outcome.agentId, email: 'agent@example.org', roles: ['agent'] };
      await step('end', () => app.get(AssignmentsService).end(principal, contactId));
      await step('dispatch agent', () => app.get(DispatchService).dispatchAgent(outcome.agentId));
    }
    // Concurrent dispatches: queued contacts dispatched CONCURRENCY at a time among AGENTS agents.
    for (let i = 0; i < CONCURRENT_AGENTS; i++) {
      const user = await post(
        port,
        '/users',
        { email: `cd-agent-${i}@example.org`, password: 'password-123456', name: `C ${i}`, roles: ['agent'] },
        admin,
      );
      await app.get(PresenceStore).write(user.body.id, 'available', 3600);
    }
    const queued = [];
    for (let i = 0; i < CONCURRENT_CONTACTS; i++) {
      const res = await post(port, '/inquiries', {
        name: `Asker ${i}`,
        email: `asker${i}@asker${i}.example.org`,
        message: 'What do you offer?',
        type: 'question',
      });
      await app.get(ContactClassificationService).process(res.body.id);
      queued.push(res.body.id);
    }
    let next = 0;
    let offered = 0;
    const chosen = new Set();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < queued.length) {
          const outcome = await app.get(DispatchService).dispatchContact(queued[next++]);
          if (outcome.outcome === 'offered') {
            offered++;
            chosen.add(outcome.agentId);
          }
        }
      }),
    );
    concurrent = { perSecond: queued.length / ((performance.now() - t0) / 1000), offered, agents: chosen.size };
  } finally {
    await app.close();
    const admin = new Client({ connectionString: `${PG}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { phases: new Map([...perPhase].map(([phase, xs]) => [phase, median(xs)])), concurrent };
}

exports.run = async function run(ctx = {}) {
  const cycles = ctx.quick ? 3 : 15;
  const { phases: here, concurrent: c } = await countCycles(path.join(__dirname, '..', '..', 'dist'), cycles);
  const baselineDist = process.env.BENCH_BASELINE_DIST;
  const baseline = baselineDist ? await countCycles(path.resolve(baselineDist), cycles) : null;
  const before = baseline?.phases ?? null;
  const b = baseline?.concurrent ?? null;
  const total = (m) => [...m.values()].reduce((x, y) => x + y, 0);
  const row = (figure, value, baselineValue) => ({
    figure,
    baseline: before ? 'the same on BENCH_BASELINE_DIST' : '',
    baselineValue,
    value,
    unit: 'round trips',
    ratio: baselineValue ? value / baselineValue : null,
  });
  return [
    ...PHASES.map((p) => row(`routing cycle round trips: ${p}`, here.get(p), before?.get(p) ?? null)),
    {
      ...row('routing cycle round trips: whole cycle', total(here), before ? total(before) : null),
      note: `median of ${cycles} cycles; statements incl. BEGIN/COMMIT`,
    },
    {
      figure: `concurrent dispatchContact, ${CONCURRENCY} at a time, ${CONCURRENT_AGENTS} agents (web capacity 3)`,
      baseline: b ? 'the same on BENCH_BASELINE_DIST' : '',
      baselineValue: b ? Math.round(b.perSecond) : null,
      value: Math.round(c.perSecond),
      unit: 'dispatches/s',
      ratio: b ? c.perSecond / b.perSecond : null,
      note: `${c.offered}/${CONCURRENT_CONTACTS} offered to ${c.agents} agents${b ? ` (baseline: ${b.offered} to ${b.agents})` : ''}`,
    },
  ];
};

if (require.main === module) {
  exports.run({ quick: process.env.BENCH_QUICK === '1' }).then(
    (rows) => {
      console.table(rows);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
