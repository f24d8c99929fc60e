#!/usr/bin/env node
/* eslint-disable */
// Reports at volume (`npm run bench:reports`, which builds first): seeds a throw-away database with
// BENCH_CONTACTS contacts (default 1,000,000) over the last 365 days and five timeline events per
// contact (5,000,000), with their offers, assignments, leads, handoffs and back-office tasks, all by
// generate_series SQL; then starts the built app on it and times every report over the last 30
// days, the last 90 and the whole year, BENCH_RUNS times each (default 5), printing p50 and p99
// (BENCH_REPORTS and BENCH_WINDOW_DAYS narrow what is timed). Before timing, the funnel's per-day
// deltas are compacted (BENCH_COMPACT=0 leaves them) and the report rollup's roll job rolls every
// day before today (as the worker's repeatable reports.roll would), and the time it took is printed;
// BENCH_ROLL=0 empties the rollup instead, to time the reports measured live. The app runs as the
// api role only: no background job competes with the timed requests.
'use strict';
require('reflect-metadata');
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');

const PG = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const EVENTS_PER_CONTACT = Number(process.env.BENCH_EVENTS_PER_CONTACT ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KEEP = process.env.BENCH_KEEP_DATABASE === '1';
const ROLL = process.env.BENCH_ROLL !== '0';
const AGENTS = 50;
const SPECIALISTS = 10;
const CUSTOMERS = 20_000;

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
const log = (text) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

async function step(db, label, sql, params = []) {
  const t0 = performance.now();
  const res = await db.query(sql, params);
  log(`${label}: ${res.rowCount ?? ''} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** The history: every figure derives from the row number i, so a run is reproducible. */
async function seed(db) {
  await step(
    db,
    'agents and deal specialists',
    `INSERT INTO app_user (email, password_hash, name, roles, skills)
     SELECT 'bench-agent-' || g || '@example.org', 'x', 'Agent ' || lpad(g::text, 3, '0'), '{agent}'::text[],
            jsonb_build_object('languages', jsonb_build_array((ARRAY['ja','zh','en','ja','ja'])[1 + g % 5]))
       FROM generate_series(1, $1) g
     UNION ALL
     SELECT 'bench-ds-' || g || '@example.org', 'x', 'Specialist ' || lpad(g::text, 2, '0'), '{deal_specialist}'::text[], '{}'::jsonb
       FROM generate_series(1, $2) g`,
    [AGENTS, SPECIALISTS],
  );
  await db.query(`CREATE TEMP TABLE bench_agent AS
    SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM app_user WHERE email LIKE 'bench-agent-%'`);
  await db.query(`CREATE TEMP TABLE bench_ds AS
    SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM app_user WHERE email LIKE 'bench-ds-%'`);
  await step(
    db,
    'customers',
    `INSERT INTO customer (name, name_key, segment, industry, size, region)
     SELECT 'Customer ' || g, 'customer ' || g, (ARRAY['enterprise','smb','public'])[1 + g % 3],
            (ARRAY['manufacturing','retail','finance','logistics'])[1 + g % 4],
            (ARRAY['small','medium','large'])[1 + g % 3], (ARRAY['kanto','kansai','east-china'])[1 + g % 3]
       FROM generate_series(1, $1) g`,
    [CUSTOMERS],
  );
  await db.query(
    `CREATE TEMP TABLE bench_customer AS SELECT id, row_number() OVER (ORDER BY name_key) - 1 AS n FROM customer`,
  );
  await db.query(`CREATE INDEX ON bench_customer (n)`);
  // i = 1..CONTACTS, spread evenly over the 365 days before now; bench_contact keeps i beside the id.
  await step(
    db,
    'contacts',
    `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, customer_id, created_at, updated_at)
     SELECT (ARRAY['web','voice','email','sms','fax'])[1 + g % 5], 'bench', 'closed',
            (ARRAY['e_coverage','e_sales','demand_generation'])[1 + g % 3], 'question', 'ja', 'bench',
            CASE WHEN g % 5 = 0 THEN NULL ELSE (SELECT id FROM bench_customer WHERE n = g % $2) END,
            now() - interval '365 days' + (g * (365 * 86400.0 / $1)) * interval '1 second',
            now() - interval '365 days' + (g * (365 * 86400.0 / $1)) * interval '1 second'
       FROM generate_series(1, $1) g`,
    [CONTACTS, CUSTOMERS],
  );
  await db.query(`CREATE TEMP TABLE bench_contact AS
    SELECT id, created_at, channel, row_number() OVER (ORDER BY created_at) AS i FROM contact WHERE source = 'bench'`);
  await db.query(`CREATE INDEX ON bench_contact (i)`);
  // Nine in ten contacts are offered (first offer 5..600 s after arrival); of those, most are accepted.
  await step(
    db,
    'offers',
    `INSERT INTO offer (contact_id, agent_id, medium, channel, status, reason, created_at, expires_at, decided_at)
     SELECT c.id, a.id, 'web', c.channel,
            CASE WHEN c.i % 13 = 0 THEN 'declined' WHEN c.i % 11 = 0 THEN 'expired' ELSE 'accepted' END, 'bench',
            c.created_at + (5 + c.i % 596) * interval '1 second',
            c.created_at + (35 + c.i % 596) * interval '1 second',
            c.created_at + (15 + c.i % 596) * interval '1 second'
       FROM bench_contact c JOIN bench_agent a ON a.n = c.i % ${AGENTS}
      WHERE c.i % 10 <> 9`,
  );
  await step(
    db,
    'assignments',
    `INSERT INTO assignment (contact_id, agent_id, offer_id, medium, started_at, ended_at, end_reason)
     SELECT o.contact_id, o.agent_id, o.id, 'web', o.decided_at, o.decided_at + (60 + (c.i * 7) % 1800) * interval '1 second', 'bench'
       FROM offer o JOIN bench_contact c ON c.id = o.contact_id
      WHERE o.status = 'accepted'`,
  );
  // One contact in five becomes a lead: routes, stages, wins and losses spread by i.
  await step(
    db,
    'leads',
    `INSERT INTO lead (contact_id, customer_id, revenue_tier, complexity, maturity, route, matrix_version, reason,
                       owner_id, amount, created_at, stage_entered_at, closed_at, stalled_at)
     SELECT c.id, NULL, 'medium', 'standard', m.maturity, (ARRAY['field','e_sales','partner','nurture'])[1 + (c.i / 5) % 4],
            1, 'bench', CASE WHEN (c.i / 5) % 4 = 0 THEN d.id ELSE a.id END, 100000 + c.i % 900000,
            c.created_at + interval '1 hour', c.created_at + interval '1 hour',
            CASE WHEN m.maturity IN ('won', 'lost') THEN c.created_at + (1 + c.i % 60) * interval '1 day' END,
            CASE WHEN m.maturity NOT IN ('won', 'lost') AND c.i % 3 = 0 THEN c.created_at + interval '20 days' END
       FROM bench_contact c
       JOIN bench_agent a ON a.n = c.i % ${AGENTS}
       JOIN bench_ds d ON d.n = c.i % ${SPECIALISTS}
       CROSS JOIN LATERAL (SELECT (ARRAY['M0','M1','M2','M3','M4','won','lost','won'])[1 + (c.i / 20) % 8] AS maturity) m
      WHERE c.i % 5 = 0`,
  );
  await step(
    db,
    'handoffs',
    `INSERT INTO handoff (lead_id, specialist_id, status, reason, offered_at, due_at, decided_at)
     SELECT l.id, l.owner_id, CASE WHEN n.i % 9 = 0 THEN 'expired' ELSE 'accepted' END, 'bench',
            l.created_at, l.created_at + interval '4 hours', l.created_at + (10 + n.i % 400) * interval '1 minute'
       FROM lead l JOIN bench_contact n ON n.id = l.contact_id WHERE l.route = 'field'`,
  );
  await step(
    db,
    'back-office orders',
    `INSERT INTO backoffice_order (source, lead_id, contact_id, summary, created_at)
     SELECT 'won_lead', l.id, l.contact_id, 'bench', l.closed_at FROM lead l WHERE l.maturity = 'won'`,
  );
  await step(
    db,
    'back-office tasks',
    `INSERT INTO backoffice_task (order_id, kind, status, due_at, done_at, created_at)
     SELECT o.id, k.kind, CASE WHEN h % 10 = 0 THEN 'open' ELSE 'done' END, o.created_at + k.hours * interval '1 hour',
            CASE WHEN h % 10 <> 0 THEN o.created_at + (h % (k.hours * 2)) * interval '1 hour' END, o.created_at
       FROM (SELECT o.*, abs(hashtext(o.id::text)) AS h FROM backoffice_order o) o
      CROSS JOIN (VALUES ('contract', 72), ('order_entry', 24), ('billing', 48)) k(kind, hours)`,
  );
  await step(
    db,
    'timeline events',
    `INSERT INTO timeline_event (contact_id, type, actor, data, occurred_at)
     SELECT c.id, (ARRAY['contact.received','contact.classified','offer.made','offer.accepted','assignment.ended'])[1 + (e - 1) % 5],
            'system', '{}'::jsonb, c.created_at + e * interval '1 minute'
       FROM bench_contact c CROSS JOIN generate_series(1, $1) e`,
    [EVENTS_PER_CONTACT],
  );
  // What autovacuum does on a live database: statistics, and the visibility map for index-only scans.
  await step(db, 'vacuum and analyze', 'VACUUM (ANALYZE)');
}

function get(port, path, token, accept = 'application/json') {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { port, host: '127.0.0.1', method: 'GET', path, headers: { authorization: `Bearer ${token}`, accept } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function post(port, path, body) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': data.length },
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

async function main() {
  const { createHttpApp } = require('../dist/app.factory');
  const { validateEnv } = require('../dist/config/env.schema');
  const { prepareDatabase } = require('../dist/database/prepare-database');
  // BENCH_DATABASE names a database an earlier run kept (BENCH_KEEP_DATABASE=1): timed again, not seeded.
  const reuse = process.env.BENCH_DATABASE;
  const name = reuse ?? `cc_bench_reports_${randomBytes(4).toString('hex')}`;
  const config = validateEnv({
    NODE_ENV: 'test',
    DATABASE_URL: `${PG}/${name}`,
    REDIS_KEY_PREFIX: name,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    SMTP_INTAKE_PORT: '0',
    ADMIN_EMAIL: 'bench-admin@example.org',
    ADMIN_PASSWORD: 'bench-password-1',
    PROCESS_ROLE: 'api',
    ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
  });
  log(`database ${name}: ${CONTACTS} contacts, ${CONTACTS * EVENTS_PER_CONTACT} timeline events`);
  await prepareDatabase(config.DATABASE_URL);
  const db = new Client({ connectionString: config.DATABASE_URL });
  await db.connect();
  let app;
  try {
    // The app first: it creates the admin account on a start with no users yet.
    app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
    if (!reuse) await seed(db);
    const counts =
      await db.query(`SELECT (SELECT count(*) FROM contact) AS contacts, (SELECT count(*) FROM timeline_event) AS events,
      (SELECT count(*) FROM offer) AS offers, (SELECT count(*) FROM assignment) AS assignments, (SELECT count(*) FROM lead) AS leads,
      (SELECT count(*) FROM backoffice_task) AS tasks`);
    log(`seeded ${JSON.stringify(counts.rows[0])}`);
    // The funnel's appended per-day deltas (the seed's writes) folded in first, as the repeatable job
    // does, unless BENCH_COMPACT=0 (time them uncompacted: the reports add the deltas themselves).
    const deltas = await db.query(`SELECT count(*)::int AS n FROM report_cohort_delta`);
    log(`funnel day deltas not compacted: ${deltas.rows[0].n}`);
    if (process.env.BENCH_COMPACT !== '0') {
      const { ReportCohortCompactor } = require('../dist/reports/report-cohort-compactor.service');
      const t0 = performance.now();
      let moved = 0;
      for (let n = -1; n !== 0; moved += n) n = await app.get(ReportCohortCompactor).compact();
      log(`compacted ${moved} deltas in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const port = app.getHttpServer().address().port;
    const login = await post(port, '/auth/login', { email: 'bench-admin@example.org', password: 'bench-password-1' });
    const token = JSON.parse(login.body).accessToken;
    if (!token) throw new Error(`login answered ${login.status}: ${login.body}`);
    await db.query(`INSERT INTO report_channel_cost (channel, per_day, per_contact, currency)
      VALUES ('e_coverage', 300000, 120, 'JPY'), ('e_sales', 200000, 80, 'JPY'), ('demand_generation', 100000, 40, 'JPY')
      ON CONFLICT (channel) DO NOTHING`);
    if (ROLL) {
      const { ReportRollService } = require('../dist/reports/report-roll.service');
      const t0 = performance.now();
      const days = await app.get(ReportRollService).rollAll();
      log(`rollup: ${days} days rolled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } else {
      await db.query(`TRUNCATE report_roll_day, report_wait_bucket, report_day_count`);
      log('rollup emptied: the reports are measured live');
    }
    const now = Date.now();
    const iso = (ms) => new Date(ms).toISOString();
    // BENCH_WINDOW_DAYS: the periods timed, comma-separated (default 30, 90 and 365 days up to now).
    const windows = (process.env.BENCH_WINDOW_DAYS ?? '30,90,365').split(',').map((d) => {
      const days = Number(d);
      return [
        `last ${days} days`,
        `from=${iso(now - days * 86400e3)}&to=${iso(now + 60e3)}`,
        `before=${iso(now - (days / 2) * 86400e3)}`,
      ];
    });
    // BENCH_REPORTS: the reports timed, comma-separated (default all of them).
    const reports = (
      process.env.BENCH_REPORTS ?? 'funnel,speed-to-lead,sla,agents,stalled,cost,sellers,segments'
    ).split(',');
    const table = [];
    for (const [label, query, split] of windows) {
      for (const report of reports) {
        const path = `/reports/${report}?${query}${report === 'sellers' ? `&${split}` : ''}`;
        const first = await get(port, path, token); // warm the plan and the caches once
        if (first.status !== 200) throw new Error(`${path} answered ${first.status}: ${first.body.slice(0, 300)}`);
        const times = [];
        for (let r = 0; r < RUNS; r++) {
          const t0 = performance.now();
          const res = await get(port, path, token);
          times.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        }
        const csv = await get(port, path, token, 'text/csv');
        times.sort((a, b) => a - b);
        const rows = JSON.parse(first.body).rows.length;
        table.push({
          window: label,
          report,
          rows,
          p50: percentile(times, 50),
          p99: percentile(times, 99),
          csv: csv.status,
        });
        log(`${label} ${report}: p50 ${percentile(times, 50).toFixed(0)} ms`);
      }
    }
    process.stdout.write(
      `\nReports over ${CONTACTS} contacts and ${CONTACTS * EVENTS_PER_CONTACT} timeline events (${RUNS} runs each)\n`,
    );
    process.stdout.write(`| window | report | rows | p50 ms | p99 ms |\n|---|---|---|---|---|\n`);
    for (const r of table) {
      process.stdout.write(`| ${r.window} | ${r.report} | ${r.rows} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} |\n`);
    }
  } finally {
    if (app) await app.close();
    await db.end();
    if (!KEEP && !reuse) {
      const admin = new Client({ connectionString: `${PG}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    } else log(`kept database ${name}`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
