#!/usr/bin/env node
/* eslint-disable */
// Benchmarks of the built service (run through `npm run bench`, which builds first).
// Figures are printed as a table; the machine is shared, so read them as ratios within one run.
'use strict';
require('reflect-metadata');
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');
const Redis = require('ioredis');

const PG = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const JOBS = Number(process.env.BENCH_JOBS ?? 2000);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n) => `${n.toFixed(2)} ms`;

function request(agent, port, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body ? Buffer.from(JSON.stringify(body)) : undefined;
    const req = http.request(
      {
        agent,
        port,
        host: '127.0.0.1',
        method,
        path,
        headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {},
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function load(port, count, concurrency, makeRequest) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const res = await makeRequest(agent, i);
        latencies.push(performance.now() - t0);
        if (res.status >= 300) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: count / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    failures,
  };
}

function timeLoop(fn, iterations) {
  for (let i = 0; i < Math.min(1000, iterations); i++) fn(i);
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn(i);
  return iterations / ((performance.now() - t0) / 1000);
}

function routingCore() {
  const domain = require('../dist/routing/domain');
  const media = ['voice', 'sms', 'web', 'email', 'fax'];
  const languages = ['ja', 'zh', 'en'];
  const agents = Array.from({ length: 500 }, (_, i) => ({
    id: `agent-${String(i).padStart(4, '0')}`,
    presence: i % 5 === 0 ? 'away' : 'available',
    skills: { languages: [languages[i % 3]], media: [media[i % 5], media[(i + 2) % 5]] },
    load: { email: i % 4 },
    capacity: {},
    idleSince: i * 1000,
  }));
  const contacts = Array.from({ length: 10000 }, (_, i) => ({
    id: `contact-${i}`,
    medium: media[i % 5],
    channel: 'demand_generation',
    language: languages[i % 3],
    segment: i % 7 === 0 ? 'enterprise' : null,
    enqueuedAt: i * 10,
  }));
  const now = 10_000_000;
  return [
    [
      'classifyChannel',
      `${(timeLoop((i) => domain.classifyChannel({ inquiryType: 'quote', medium: 'web', productLine: { code: 'server', complexity: i % 2 ? 'simple' : 'complex' }, customer: null }), 200000) / 1e6).toFixed(2)} M/s`,
    ],
    [
      'decideRoute',
      `${(timeLoop((i) => domain.decideRoute({ matrix: domain.DEFAULT_CHANNEL_MATRIX, revenueTier: ['small', 'medium', 'large'][i % 3], complexity: ['simple', 'standard', 'complex'][i % 3], maturity: 'M2' }), 200000) / 1e6).toFixed(2)} M/s`,
    ],
    [
      'selectAgent among 500 agents',
      `${timeLoop((i) => domain.selectAgent(agents, contacts[i % contacts.length]), 5000).toFixed(0)} /s`,
    ],
    ['orderQueue of 10,000 contacts', `${timeLoop(() => domain.orderQueue(contacts, now), 20).toFixed(1)} /s`],
  ];
}

/**
 * The time from posting an inquiry to the offer arriving on an available agent's console: the
 * product's promise ("offered within a second"). One agent, one contact at a time: accept, finish,
 * next, so every contact finds the agent free.
 */
async function offerLatency(port) {
  const { io } = require('socket.io-client');
  const agent = new http.Agent({ keepAlive: true });
  const json = async (method, path, body, token) => {
    const data = body ? Buffer.from(JSON.stringify(body)) : undefined;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          port,
          host: '127.0.0.1',
          method,
          path,
          headers: {
            ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString() || 'null')));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  };
  const admin = await json('POST', '/auth/login', { email: 'bench-admin@example.org', password: 'bench-password-1' });
  await json(
    'POST',
    '/users',
    { email: 'bench-agent@example.org', password: 'bench-password-1', name: 'Bench Agent', roles: ['agent'] },
    admin.accessToken,
  );
  const login = await json('POST', '/auth/login', { email: 'bench-agent@example.org', password: 'bench-password-1' });
  const socket = io(`http://127.0.0.1:${port}/agents`, {
    auth: { token: login.accessToken },
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await socket.timeout(5000).emitWithAck('presence:set', { status: 'available' });
  const count = Number(process.env.BENCH_OFFERS ?? 100);
  const latencies = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const offered = new Promise((resolve) => socket.once('offer', resolve));
      await json('POST', '/inquiries', {
        name: `Offer ${i}`,
        email: `offer${i}@bench-offers.example.org`,
        message: 'How fast is the offer?',
      });
      const offer = await offered;
      latencies.push(performance.now() - t0);
      await socket.timeout(5000).emitWithAck('offer:accept', { offerId: offer.offerId });
      await socket.timeout(5000).emitWithAck('assignment:end', { contactId: offer.contactId });
    }
  } finally {
    socket.disconnect();
    agent.destroy();
  }
  latencies.sort((a, b) => a - b);
  return {
    count,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies[latencies.length - 1],
  };
}

/** A throw-away app on its own database: on Redis, or (backend 'postgres') with REDIS_URL unset. */
async function benchApp(backend) {
  const { createHttpApp } = require('../dist/app.factory');
  const { validateEnv } = require('../dist/config/env.schema');
  const { prepareDatabase } = require('../dist/database/prepare-database');
  const name = `cc_bench_${randomBytes(4).toString('hex')}`;
  const config = validateEnv({
    NODE_ENV: 'test',
    DATABASE_URL: `${PG}/${name}`,
    ...(backend === 'redis' ? { REDIS_URL: REDIS } : {}),
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
  const close = async () => {
    await app.close();
    await dropDatabase(name);
    await deleteRedisKeys(name);
  };
  return { app, config, port: app.getHttpServer().address().port, close };
}

async function dropDatabase(name) {
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

async function deleteRedisKeys(prefix) {
  const redis = new Redis(REDIS);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

async function intake() {
  const { config, port, close } = await benchApp('redis');
  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  try {
    const health = await load(port, REQUESTS, CONCURRENCY, (agent) => request(agent, port, 'GET', '/health'));
    const inquiries = await load(port, REQUESTS, CONCURRENCY, (agent, i) =>
      request(agent, port, 'POST', '/inquiries', {
        name: `Bench ${i}`,
        email: `bench${i % 400}@bench-${i % 50}.example.org`,
        message: 'サーバーの見積もりをお願いします',
        type: i % 2 ? 'quote' : 'question',
        productLine: 'server',
      }),
    );
    // Classification latency: from commit to "queued", measured by the database's own clock.
    const t0 = performance.now();
    for (;;) {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM contact WHERE status = 'received'`)).rows;
      if (n === 0 || performance.now() - t0 > 120_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drained = (performance.now() - t0) / 1000;
    const {
      rows: [lag],
    } = await db.query(`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY d) AS p99
        FROM (SELECT extract(epoch FROM (e.occurred_at - c.created_at)) * 1000 AS d
                FROM contact c JOIN timeline_event e ON e.contact_id = c.id AND e.type = 'contact.classified') x`);
    const offers = await offerLatency(port);
    const mem = process.memoryUsage();
    return [
      [
        `GET /health x${REQUESTS}, ${CONCURRENCY} concurrent`,
        `${health.rps.toFixed(0)} req/s, p50 ${ms(health.p50)}, p99 ${ms(health.p99)}, failures ${health.failures}`,
      ],
      [
        `POST /inquiries x${REQUESTS}, ${CONCURRENCY} concurrent`,
        `${inquiries.rps.toFixed(0)} req/s, p50 ${ms(inquiries.p50)}, p95 ${ms(inquiries.p95)}, p99 ${ms(inquiries.p99)}, failures ${inquiries.failures}`,
      ],
      ['inquiry cost relative to /health (p50 ratio)', `${(inquiries.p50 / health.p50).toFixed(2)}x`],
      [
        'intake -> classified (stored to queued)',
        `p50 ${ms(Number(lag.p50))}, p99 ${ms(Number(lag.p99))}; backlog drained ${drained.toFixed(2)} s after the load`,
      ],
      [
        `inquiry -> offer on an agent's socket x${offers.count}, one at a time (Redis)`,
        `p50 ${ms(offers.p50)}, p95 ${ms(offers.p95)}, max ${ms(offers.max)}`,
      ],
      [
        'process memory after the run',
        `rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
      ],
    ];
  } finally {
    await db.end();
    await close();
  }
}

/** inquiry -> offer with REDIS_URL unset: queues, fan-out and presence in PostgreSQL. */
async function offersWithoutRedis() {
  const { port, close } = await benchApp('postgres');
  try {
    const offers = await offerLatency(port);
    return [
      [
        `inquiry -> offer on an agent's socket x${offers.count}, one at a time (PostgreSQL only)`,
        `p50 ${ms(offers.p50)}, p95 ${ms(offers.p95)}, max ${ms(offers.max)}`,
      ],
    ];
  } finally {
    await close();
  }
}

/**
 * BullMQ itself, add -> completed: JOBS jobs added 50 at a time, one worker with concurrency 16
 * doing nothing, on Redis and on BullMQ's PostgreSQL backend (a throw-away database), side by side.
 */
async function queues() {
  const bullmq = require('bullmq');
  const name = `cc_bench_q_${randomBytes(4).toString('hex')}`;
  const run = async (label, classes, connection) => {
    const queue = new classes.Queue('bench', { connection, prefix: name });
    const latencies = [];
    let done;
    const finished = new Promise((r) => (done = r));
    const worker = new classes.Worker('bench', async () => undefined, { connection, prefix: name, concurrency: 16 });
    worker.on('completed', (job) => {
      latencies.push(job.finishedOn - job.timestamp);
      if (latencies.length === JOBS) done();
    });
    await worker.waitUntilReady();
    const t0 = performance.now();
    for (let i = 0; i < JOBS; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, JOBS - i) }, (_, k) => queue.add('job', { i: i + k })));
    }
    await finished;
    const seconds = (performance.now() - t0) / 1000;
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    latencies.sort((a, b) => a - b);
    return [
      `BullMQ add -> completed x${JOBS} (${label})`,
      `${(JOBS / seconds).toFixed(0)} jobs/s, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
    ];
  };
  const { redisOptionsFromUrl } = require('../dist/queues/redis-options');
  // Both bound explicitly: the PostgreSQL-only app above left BullMQ's process-wide default on PostgreSQL.
  const redis = bullmq.withBackend(bullmq.createRedisBackend);
  const rows = [await run('Redis', redis, { ...redisOptionsFromUrl(REDIS), maxRetriesPerRequest: null })];
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  try {
    const postgres = bullmq.withBackend(bullmq.createPostgresBackend);
    rows.push(await run('PostgreSQL', postgres, { connectionString: `${PG}/${name}`, migrate: true, max: 4 }));
  } finally {
    await dropDatabase(name);
    await deleteRedisKeys(name);
  }
  return rows;
}

async function main() {
  // Each section is printed as soon as it is measured (a long run shows its progress).
  const print = (rows) => {
    const width = 72;
    for (const [k, v] of rows) console.log(v ? `${k.padEnd(width)}  ${v}` : k);
  };
  print([['routing core (pure, in process)', ''], ...routingCore(), ['', '']]);
  print([['intake over HTTP (loopback)', ''], ...(await intake())]);
  print(await offersWithoutRedis());
  print([['', ''], ['queues: Redis beside PostgreSQL', ''], ...(await queues())]);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
