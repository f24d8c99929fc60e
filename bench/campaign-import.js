#!/usr/bin/env node
/* eslint-disable */
// Benchmark of a campaign target import through the built service (`npm run build` first; this
// script builds nothing): one POST /campaigns/:id/targets of BENCH_ROWS CSV rows, end to end
// (decoding, parsing, per-row checks, identity resolution, batched inserts), printed next to a
// baseline: one bare multi-row INSERT of the same rows into campaign_target. The machine is
// shared, so read the figures as a ratio within one run.
'use strict';
require('reflect-metadata');
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');
const Redis = require('ioredis');

const PG = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);

function call(port, method, path, { token, type, body } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const headers = {};
    if (data) Object.assign(headers, { 'content-type': type ?? 'application/json', 'content-length': data.length });
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request({ port, host: '127.0.0.1', method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** ROWS rows: mostly new people at a few hundred companies, some duplicates and opt-outs. */
function csvRows(seed) {
  const lines = ['name,phone,email,company,language,consent'];
  for (let i = 0; i < ROWS; i++) {
    const n = i % 97 === 0 && i > 0 ? i - 1 : i; // about 1% duplicates of the row before
    const phone = `+8190${10_000_000 + seed * 1_000_000 + n}`; // mobile numbers 090-1xxx-xxxx
    const company = `Bench Trading ${n % 300}`;
    const email = `person${seed}-${n}@bench-${n % 300}.example.co.jp`;
    const consent = i % 50 === 0 ? 'no' : 'yes';
    lines.push(`"Bench, Person ${n}",${phone},${email},"${company}",ja,${consent}`);
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

async function main() {
  const { createHttpApp } = require('../dist/app.factory');
  const { validateEnv } = require('../dist/config/env.schema');
  const { prepareDatabase } = require('../dist/database/prepare-database');
  const name = `cc_bench_${randomBytes(4).toString('hex')}`;
  const config = validateEnv({
    NODE_ENV: 'test',
    DATABASE_URL: `${PG}/${name}`,
    REDIS_URL: REDIS,
    REDIS_KEY_PREFIX: name,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    SMTP_INTAKE_PORT: '0',
    ADMIN_EMAIL: 'bench-admin@example.org',
    ADMIN_PASSWORD: 'bench-password-1',
  });
  await prepareDatabase(config.DATABASE_URL);
  const app = await createHttpApp(config);
  await app.listen(0, '127.0.0.1');
  const port = app.getHttpServer().address().port;
  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  const results = [];
  try {
    const { body: auth } = await call(port, 'POST', '/auth/login', {
      body: { email: 'bench-admin@example.org', password: 'bench-password-1' },
    });
    const token = auth.accessToken;
    const campaign = async (label) =>
      (
        await call(port, 'POST', '/campaigns', {
          token,
          body: { name: `Bench ${label}`, kind: 'account_call', channel: 'e_coverage', medium: 'voice' },
        })
      ).body.id;
    const csv = csvRows(1);
    for (const [label, people] of [
      ['import, new people', 'new'],
      ['import, known people', 'known'],
    ]) {
      const id = await campaign(label);
      const t0 = performance.now();
      const res = await call(port, 'POST', `/campaigns/${id}/targets`, { token, type: 'text/csv', body: csv });
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body)}`);
      results.push({
        what: `${label} (HTTP, end to end)`,
        rows: ROWS,
        added: res.body.added,
        skipped: res.body.skipped.length,
        ms,
        people,
      });
    }

    // Baseline: the same rows, already parsed, as one bare multi-row INSERT (unnest) in one statement.
    const id = await campaign('baseline');
    const rows = csv
      .toString('utf8')
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    const t0 = performance.now();
    await db.query(
      `INSERT INTO campaign_target (campaign_id, row_number, name, phone, email, company, language)
       SELECT $1, * FROM unnest($2::int[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[])`,
      [
        id,
        rows.map((_, i) => i + 1),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        rows.map((r) => r[3]),
        rows.map((r) => r[5]),
        rows.map((r) => r[6]),
      ],
    );
    results.push({
      what: 'baseline: bare multi-row INSERT',
      rows: ROWS,
      added: ROWS,
      skipped: 0,
      ms: performance.now() - t0,
    });
  } finally {
    await db.end();
    await app.close();
    const admin = new Client({ connectionString: `${PG}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${name}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
  const baseline = results[results.length - 1].ms;
  console.table(
    results.map((r) => ({
      what: r.what,
      rows: r.rows,
      added: r.added,
      skipped: r.skipped,
      ms: Math.round(r.ms),
      'rows/s': Math.round((r.rows / r.ms) * 1000),
      'x baseline': (r.ms / baseline).toFixed(1),
    })),
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
