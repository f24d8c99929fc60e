'use strict';
// Speed to lead under load: web inquiries at BENCH_STL_RATE/s (default 100) for BENCH_STL_SECONDS
// (default 10) from a load process, BENCH_STL_AGENTS (default 200) agents as socket.io clients in
// another process (each accepts and ends every contact offered), the service itself a third
// process started as `npm start` would (`node dist/main.js`). Reports inquiry -> `offer` p50 and
// p99 (from just before the POST to the offer's arrival on the agent's socket), contacts never
// offered (lost), and contacts offered more than once, the service process's CPU time per
// contact (/proc, user + system, from the first inquiry until every contact was offered and done)
// and the medians of the two hops (stored -> classified, classified -> offered, from the timeline).
// BENCH_STL_RUNTIME=postgres runs the service without Redis (BullMQ on PostgreSQL);
// BENCH_CPU_PROFILE_DIR makes the service write a V8 CPU profile there.
// Run standalone with `node bench/scenarios/speed-to-lead.js` after `npm run build`.
require('reflect-metadata');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');
const { ROOT, PG, REDIS, freePort, spawnNode, lineOf, cpuTicks } = require('../lib/common');

/** User + system CPU milliseconds the process used so far (null once it is gone). */
const cpuMsOf = (pid) => {
  const ticks = cpuTicks(pid);
  return ticks === null ? null : ticks * 10;
};

exports.order = 40;

const SECRET = 'bench-secret-that-is-long-enough-0123456789';

async function waitFor(probe, timeoutMs, stepMs = 200) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) return undefined;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

exports.run = async function run(ctx = {}) {
  const quick = Boolean(ctx.quick);
  const rate = Number(process.env.BENCH_STL_RATE ?? (quick ? 20 : 100));
  const seconds = Number(process.env.BENCH_STL_SECONDS ?? (quick ? 3 : 10));
  const agentCount = Number(process.env.BENCH_STL_AGENTS ?? (quick ? 20 : 200));
  const count = rate * seconds;
  const name = `cc_bench_stl_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: `${PG}/${name}`,
    REDIS_URL: process.env.BENCH_STL_RUNTIME === 'postgres' ? '' : REDIS,
    REDIS_KEY_PREFIX: name,
    JWT_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    INQUIRY_RATE_LIMIT: '0',
    SMTP_INTAKE_PORT: '0',
    OFFER_TIMEOUT_SECONDS: '120',
  };
  const { prepareDatabase } = require(path.join(ROOT, 'dist/database/prepare-database'));
  await prepareDatabase(env.DATABASE_URL);
  const profile = process.env.BENCH_CPU_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`]
    : [];
  const service = spawnNode([...profile, 'dist/main.js'], env);
  const db = new Client({ connectionString: env.DATABASE_URL });
  let agentsProcess;
  try {
    const up = await waitFor(async () => ((await fetch(`${url}/health`)).ok ? true : undefined), 120_000);
    if (!up) throw new Error(`the service did not answer /health: ${service.stderrText.slice(-2000)}`);
    await db.connect();
    // Agents straight into the table (hashing 200 passwords would measure argon2), tokens signed with the secret.
    const { JwtService } = require('@nestjs/jwt');
    const jwt = new JwtService();
    const agents = [];
    for (let i = 0; i < agentCount; i++) {
      const email = `stl-agent-${i}@example.org`;
      const [{ id }] = (
        await db.query(
          `INSERT INTO app_user (email, password_hash, name, roles, skills) VALUES ($1, 'x', $2, '{agent}', '{}') RETURNING id`,
          [email, `Agent ${i}`],
        )
      ).rows;
      const token = jwt.sign(
        { sub: id, email, roles: ['agent'] },
        { secret: SECRET, expiresIn: 3600, algorithm: 'HS256' },
      );
      agents.push({ id, token });
    }
    agentsProcess = spawnNode(['bench/speed-to-lead/agents.js', url], {}, { stdin: true });
    const ready = lineOf(agentsProcess, (l) => l === 'ready');
    agentsProcess.stdin.write(`${JSON.stringify(agents)}\n`);
    await ready;

    const cpuBefore = cpuMsOf(service.pid);
    const loadProcess = spawnNode(['bench/speed-to-lead/load.js', url, String(rate), String(count)]);
    const load = await lineOf(loadProcess, (l) => l.startsWith('{'), JSON.parse);
    // Every accepted inquiry offered (and the agent done with it), or 60 s more at most.
    const ids = load.sent.map((s) => s.contactId);
    await waitFor(async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM contact WHERE id = ANY($1::uuid[]) AND status NOT IN ('received', 'queued', 'offered')`,
        [ids],
      );
      return rows[0].n === ids.length ? true : undefined;
    }, 60_000);
    const cpuAfter = cpuMsOf(service.pid);
    const cpuPerContact =
      cpuBefore !== null && cpuAfter !== null && ids.length ? (cpuAfter - cpuBefore) / ids.length : null;
    const { rows: hops } = await db.query(
      `WITH t AS (
         SELECT c.id,
                (SELECT min(occurred_at) FROM timeline_event e WHERE e.contact_id = c.id AND e.type = 'contact.received') AS stored,
                (SELECT min(occurred_at) FROM timeline_event e WHERE e.contact_id = c.id AND e.type = 'contact.classified') AS classified,
                (SELECT min(created_at) FROM offer o WHERE o.contact_id = c.id) AS offered
           FROM contact c WHERE c.id = ANY($1::uuid[]))
       SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM classified - stored) * 1000) AS classify_ms,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM offered - classified) * 1000) AS offer_ms
         FROM t`,
      [ids],
    );
    const reported = lineOf(agentsProcess, (l) => l.startsWith('{'), JSON.parse);
    agentsProcess.stdin.write('report\n');
    const seen = await reported;

    const sentAt = new Map(load.sent.map((s) => [s.contactId, s.at]));
    const offersOf = new Map();
    for (const o of seen.offers)
      if (sentAt.has(o.contactId)) offersOf.set(o.contactId, [...(offersOf.get(o.contactId) ?? []), o]);
    const latencies = [...offersOf].map(([id, os]) => os[0].at - sentAt.get(id)).sort((a, b) => a - b);
    const pct = (p) =>
      latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null;
    const lost = ids.filter((id) => !offersOf.has(id)).length;
    // Offered again with no decline or expiry in between would be a double offer (the timeout is 120 s).
    const twice = [...offersOf.values()].filter((os) => os.length > 1).length;
    const ms = (v) => (v === null || v === undefined ? 'n/a' : `${Number(v).toFixed(1)} ms`);
    const note =
      `${rate}/s for ${seconds} s, ${agentCount} agents; ${load.sent.length} accepted (${load.failures} failed), ` +
      `${lost} never offered, ${twice} offered twice, ${seen.errors.length} accept/end errors; ` +
      `service CPU ${ms(cpuPerContact)} per contact; median stored -> classified ${ms(hops[0]?.classify_ms)}, ` +
      `classified -> offered ${ms(hops[0]?.offer_ms)}`;
    return [
      {
        figure: 'speed to lead: inquiry -> offer p50',
        baseline: '',
        baselineValue: null,
        value: pct(50),
        unit: 'ms',
        ratio: null,
        note,
      },
      {
        figure: 'speed to lead: inquiry -> offer p99',
        baseline: 'target < 250 ms',
        baselineValue: 250,
        value: pct(99),
        unit: 'ms',
        ratio: pct(99) / 250,
        note,
      },
    ];
  } finally {
    if (agentsProcess && agentsProcess.exitCode === null) agentsProcess.kill('SIGTERM');
    service.kill('SIGTERM');
    await new Promise((r) => (service.exitCode !== null ? r() : service.once('exit', r)));
    await db.end().catch(() => undefined);
    const admin = new Client({ connectionString: `${PG}/postgres` });
    await admin.connect();
    if (process.env.BENCH_STL_KEEP_DATABASE === '1') console.error(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
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
