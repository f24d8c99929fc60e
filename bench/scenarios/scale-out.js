'use strict';
// Scale-out: 2 api + 2 worker processes against 1 + 1, on the same machine. For each topology:
// a throw-away database and Redis key prefix, the api processes (PROCESS_ROLE=api) and worker
// processes (PROCESS_ROLE=worker) started as `node dist/main.js`, BENCH_SCALE_AGENTS agents as
// socket.io clients in one process per api (each accepts and ends every contact offered), then one
// closed-loop load process per api posting web inquiries at max throughput for BENCH_SCALE_SECONDS.
// Reports intake req/s, contacts offered/s while the load runs, inquiry -> offer p50/p99 (from
// just before the POST to the offer's arrival on the agent's socket), and checks that no contact
// ever had two pending offers at once (the `offer` table's history) and that no answered contact
// is lost (every 2xx contact left `received` within a bound after the load). CPU per process is
// read from /proc/<pid>/stat at the start and end of the load.
// Run standalone with `node bench/scenarios/scale-out.js` after `npm run build`.
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const {
  ROOT,
  PG,
  REDIS,
  QUICK,
  percentile,
  uniqueName,
  dropDatabase,
  deleteRedisKeys,
  freePort,
  spawnNode,
  lineOf,
  httpGet,
  waitUntil,
  cpuTicks,
} = require('../lib/common');

exports.order = 45;

const SECRET = 'bench-secret-that-is-long-enough-0123456789';
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux.

// --- CPU from /proc -----------------------------------------------------------------------

/** Busy and total ticks of the whole machine (every core), from /proc/stat. */
function machineTicks() {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = values.map(Number);
  const idle = n[3] + n[4];
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function redisServerPids() {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'redis-server';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The PostgreSQL backends serving `database` right now (same machine: their pids are ours to read). */
async function backendPids(db, database) {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [
    database,
  ]);
  return rows.map((r) => r.pid);
}

/** A snapshot of CPU ticks for named groups of pids. */
function snapshot(groups) {
  const byPid = {};
  for (const pids of Object.values(groups)) for (const pid of pids) byPid[pid] = cpuTicks(pid);
  return { at: Date.now(), byPid, machine: machineTicks() };
}

/** Percent of one core per group between two snapshots (a pid new in `b` counts from zero). */
function cpuBetween(a, b, groups) {
  const seconds = (b.at - a.at) / 1000;
  const out = {};
  for (const [name, pids] of Object.entries(groups)) {
    let ticks = 0;
    for (const pid of pids) {
      const end = b.byPid[pid];
      if (end === null || end === undefined) continue;
      ticks += end - (a.byPid[pid] ?? 0);
    }
    out[name] = Math.round((ticks / TICKS / seconds) * 100);
  }
  const busy = b.machine.busy - a.machine.busy;
  const total = b.machine.total - a.machine.total;
  out.machineBusyPercent = total > 0 ? Math.round((busy / total) * 100) : null;
  return out;
}

// --- child processes --------------------------------------------------------------------

async function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
  clearTimeout(killer);
}

function serviceEnv(name, role, port) {
  return {
    NODE_ENV: 'production',
    PROCESS_ROLE: role,
    PORT: String(port),
    DATABASE_URL: `${PG}/${name}`,
    REDIS_URL: REDIS,
    REDIS_KEY_PREFIX: name,
    JWT_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    INQUIRY_RATE_LIMIT: '0',
    LOGIN_RATE_LIMIT: '100000',
    SMTP_INTAKE_PORT: '0',
    OFFER_TIMEOUT_SECONDS: '120',
    ADMIN_EMAIL: 'bench-admin@example.org',
    ADMIN_PASSWORD: 'bench-password-1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    STORAGE_DIR: `/tmp/${name}-storage`,
  };
}

// --- one topology -----------------------------------------------------------------------

/**
 * Runs `apis` api and `workers` worker processes on a fresh database, drives them, and returns
 * the figures and checks.
 */
async function runTopology({ apis, workers, agentCount, seconds, connections, drainMs }) {
  const label = `${apis}+${workers}`;
  const name = uniqueName('cc_bench_scale');
  const children = { api: [], worker: [], agents: [], load: [] };
  const db = new Client({ connectionString: `${PG}/${name}` });
  let dbConnected = false;
  try {
    // Migrate once before any process starts, so the four do not race for the migration lock.
    const { prepareDatabase } = require(path.join(ROOT, 'dist/database/prepare-database'));
    await prepareDatabase(`${PG}/${name}`);
    await db.connect();
    dbConnected = true;

    const ports = [];
    for (let i = 0; i < apis; i++) ports.push(await freePort());
    for (const port of ports) children.api.push(spawnNode(['dist/main.js'], serviceEnv(name, 'api', port)));
    for (let i = 0; i < workers; i++) {
      children.worker.push(spawnNode(['dist/main.js'], serviceEnv(name, 'worker', await freePort())));
    }
    const urls = ports.map((p) => `http://127.0.0.1:${p}`);
    const alive = () => {
      for (const child of [...children.api, ...children.worker])
        if (child.exitCode !== null) throw new Error(`a service process exited: ${child.stderrText.slice(-2000)}`);
    };
    for (const url of urls) {
      await waitUntil(
        async () => {
          alive();
          return (await httpGet(`${url}/health`)).status === 200;
        },
        180_000,
        `${url}/health`,
      );
    }
    // A worker is up once its outbox relay listens (the last thing its start-up does).
    await waitUntil(
      async () => {
        alive();
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query = 'LISTEN outbox'`,
          [name],
        );
        return rows[0].n >= workers;
      },
      180_000,
      `${workers} workers' outbox relays to listen`,
    );

    // Agents straight into the table (hashing passwords would measure argon2), tokens signed with the secret.
    const { JwtService } = require('@nestjs/jwt');
    const jwt = new JwtService();
    const agents = [];
    for (let i = 0; i < agentCount; i++) {
      const email = `scale-agent-${i}@example.org`;
      const [{ id }] = (
        await db.query(
          `INSERT INTO app_user (email, password_hash, name, roles, skills) VALUES ($1, 'x', $2, '{agent}', '{}') RETURNING id`,
          [email, `Agent ${i}`],
        )
      ).rows;
      agents.push({ id, token: jwt.sign({ sub: id, email, roles: ['agent'] }, { secret: SECRET, expiresIn: 3600 }) });
    }
    // One agents' process per api, the agents split between them (as a load balancer would).
    for (let k = 0; k < apis; k++)
      children.agents.push(spawnNode(['bench/speed-to-lead/agents.js', urls[k]], {}, { stdin: true }));
    await Promise.all(
      children.agents.map((child, k) => {
        const ready = lineOf(child, (l) => l === 'ready');
        child.stdin.write(`${JSON.stringify(agents.filter((_, i) => i % apis === k))}\n`);
        return ready;
      }),
    );

    // A few inquiries one at a time first: every process warm, the whole path proven.
    const warm = [];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${urls[i % apis]}/inquiries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Warm ${i}`,
          email: `warm${i}@warm.example.org`,
          message: 'Please quote 2 servers.',
          type: 'quote',
          productLine: 'server',
        }),
      });
      if (res.status !== 202) throw new Error(`warm-up inquiry answered ${res.status}`);
      warm.push((await res.json()).id);
    }
    await waitUntil(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM offer WHERE contact_id = ANY($1::uuid[]) AND status = 'accepted'`,
          [warm],
        );
        return rows[0].n === warm.length;
      },
      Number(process.env.BENCH_SCALE_WARM_MS ?? 120_000),
      'the warm-up inquiries to be offered and accepted',
    ).catch(async (error) => {
      const { rows } = await db.query(
        `SELECT c.status, count(o.id)::int AS offers, string_agg(o.status, ',') AS offer_statuses
           FROM contact c LEFT JOIN offer o ON o.contact_id = c.id WHERE c.id = ANY($1::uuid[]) GROUP BY c.id, c.status`,
        [warm],
      );
      const logs = [...children.api, ...children.worker].map((c) => c.stderrText.slice(-1500)).join('\n---\n');
      throw new Error(`${error.message}: ${JSON.stringify(rows)}\n${logs}`);
    });

    // The load: one closed-loop process per api port.
    const pids = async () => ({
      api: children.api.map((c) => c.pid),
      worker: children.worker.map((c) => c.pid),
      load: children.load.map((c) => c.pid),
      agents: children.agents.map((c) => c.pid),
      postgres: await backendPids(db, name),
      redis: redisServerPids(),
    });
    for (const url of urls) {
      children.load.push(spawnNode(['bench/scale-out/load.js', url, String(connections), String(seconds)], {}));
    }
    const groupsAtStart = await pids();
    const before = snapshot(groupsAtStart);
    const loads = await Promise.all(children.load.map((c) => lineOf(c, (l) => l.startsWith('{'), JSON.parse)));
    const groupsAtEnd = await pids();
    const groups = { ...groupsAtEnd, load: [] };
    const after = snapshot(groups);
    const cpu = cpuBetween(before, after, groups);
    // The load processes exit once they print: each reports its own CPU time.
    cpu.load = Math.round(loads.reduce((s, l) => s + l.cpuMs / (l.endedAt - l.startedAt), 0) * 100);
    const perProcess = {
      api: groupsAtEnd.api.map((pid) => cpuBetween(before, after, { p: [pid] }).p),
      worker: groupsAtEnd.worker.map((pid) => cpuBetween(before, after, { p: [pid] }).p),
    };

    const sent = loads.flatMap((l) => l.sent);
    const failures = loads.reduce((s, l) => s + l.failures, 0);
    const intakeRps = loads.reduce((s, l) => s + l.sent.length / ((l.endedAt - l.startedAt) / 1000), 0);
    const loadStart = Math.min(...loads.map((l) => l.startedAt));
    const loadEnd = Math.max(...loads.map((l) => l.endedAt));
    const ids = sent.map((s) => s.contactId);

    // No lost contact: every answered contact leaves `received` (classified, queued or further).
    const drainStart = Date.now();
    const countWhere = async (condition) =>
      (await db.query(`SELECT count(*)::int AS n FROM contact WHERE id = ANY($1::uuid[]) AND ${condition}`, [ids]))
        .rows[0].n;
    await waitUntil(async () => (await countWhere(`status <> 'received'`)) === ids.length, drainMs, 'x').catch(
      () => undefined,
    );
    const stored = await countWhere('true');
    const processed = await countWhere(`status IN ('queued', 'offered', 'assigned', 'closed', 'qualified')`);
    const lost = ids.length - processed;
    const classifiedWithinMs = Date.now() - drainStart;
    // Then every one offered (and done with), within the same bound again.
    await waitUntil(
      async () => (await countWhere(`status NOT IN ('received', 'queued', 'offered')`)) === ids.length,
      drainMs,
      'x',
    ).catch(() => undefined);

    // What the agents saw (the report ends the agents' processes).
    const seen = await Promise.all(
      children.agents.map((child) => {
        const reported = lineOf(child, (l) => l.startsWith('{'), JSON.parse);
        child.stdin.write('report\n');
        return reported;
      }),
    );
    const offers = seen.flatMap((s) => s.offers);
    const agentErrors = seen.reduce((s, r) => s + r.errors.length, 0);
    const sentAt = new Map(sent.map((s) => [s.contactId, s.at]));
    const firstOffer = new Map();
    let offeredTwiceOnSockets = 0;
    for (const o of offers) {
      if (!sentAt.has(o.contactId)) continue;
      if (firstOffer.has(o.contactId)) offeredTwiceOnSockets++;
      else firstOffer.set(o.contactId, o.at);
    }
    const latencies = [...firstOffer].map(([id, at]) => at - sentAt.get(id)).sort((a, b) => a - b);
    const offeredDuringLoad = [...firstOffer.values()].filter((at) => at >= loadStart && at <= loadEnd).length;
    const lastOffer = Math.max(loadStart, ...firstOffer.values());

    // No double offer: two offers of one contact whose pending spans overlap, over the whole history.
    const { rows: overlap } = await db.query(`
      SELECT count(DISTINCT a.contact_id)::int AS n FROM offer a JOIN offer b
        ON a.contact_id = b.contact_id AND a.id < b.id
       AND a.created_at < coalesce(b.decided_at, 'infinity') AND b.created_at < coalesce(a.decided_at, 'infinity')`);
    const { rows: multi } = await db.query(`
      SELECT count(*)::int AS n FROM (SELECT contact_id FROM offer GROUP BY contact_id HAVING count(*) > 1) m`);

    const serviceCpu = cpu.api + cpu.worker + cpu.postgres;
    return {
      label,
      // Inquiries answered per second of one core spent by the service (its processes and its PostgreSQL backends).
      intakePerServiceCore: serviceCpu > 0 ? intakeRps / (serviceCpu / 100) : null,
      apis,
      workers,
      agentCount,
      seconds,
      connections,
      answered: ids.length,
      failures,
      stored,
      lost,
      classifiedWithinMs,
      intakeRps,
      offeredPerSecond: offeredDuringLoad / ((loadEnd - loadStart) / 1000),
      offered: firstOffer.size,
      notOffered: ids.length - firstOffer.size,
      drainSeconds: (lastOffer - loadEnd) / 1000,
      overallOfferedPerSecond: firstOffer.size / ((lastOffer - loadStart) / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      doubleOffers: overlap[0].n,
      contactsOfferedMoreThanOnce: multi[0].n,
      offeredTwiceOnSockets,
      agentErrors,
      cpu,
      perProcess,
    };
  } finally {
    for (const child of children.load) await stopChild(child);
    for (const child of children.agents) await stopChild(child);
    for (const child of [...children.api, ...children.worker]) await stopChild(child);
    if (dbConnected) await db.end().catch(() => undefined);
    await dropDatabase(name).catch(() => undefined);
    await deleteRedisKeys(name).catch(() => undefined);
    fs.rmSync(`/tmp/${name}-storage`, { recursive: true, force: true });
  }
}

const cpuNote = (r) =>
  `CPU % of one core: api ${r.perProcess.api.join('+')}, worker ${r.perProcess.worker.join('+')}, ` +
  `load ${r.cpu.load}, agents ${r.cpu.agents}, PostgreSQL backends ${r.cpu.postgres}, redis-server ${r.cpu.redis}; ` +
  `machine ${r.cpu.machineBusyPercent} % busy`;

const MEANS = [
  'intakeRps',
  'offeredPerSecond',
  'overallOfferedPerSecond',
  'drainSeconds',
  'p50',
  'p99',
  'intakePerServiceCore',
];
const SUMS = [
  'answered',
  'failures',
  'stored',
  'lost',
  'notOffered',
  'doubleOffers',
  'contactsOfferedMoreThanOnce',
  'offeredTwiceOnSockets',
  'agentErrors',
];

/** The rounds of one topology: figures averaged, check counts summed, each round's intake kept. */
function combine(runs) {
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const out = { rounds: runs.length, intakeByRound: runs.map((r) => Math.round(r.intakeRps)) };
  for (const k of MEANS) out[k] = mean(runs.map((r) => r[k]));
  for (const k of SUMS) out[k] = runs.reduce((a, r) => a + r[k], 0);
  out.cpu = {};
  for (const k of Object.keys(runs[0].cpu)) out.cpu[k] = Math.round(mean(runs.map((r) => r.cpu[k])));
  out.perProcess = {};
  for (const k of ['api', 'worker'])
    out.perProcess[k] = runs[0].perProcess[k].map((_, i) => Math.round(mean(runs.map((r) => r.perProcess[k][i]))));
  return out;
}

exports.run = async function run(ctx = {}) {
  const quick = Boolean(ctx.quick ?? QUICK);
  const settings = {
    seconds: Number(process.env.BENCH_SCALE_SECONDS ?? (quick ? 5 : 20)),
    agentCount: Number(process.env.BENCH_SCALE_AGENTS ?? (quick ? 20 : 100)),
    connections: Number(process.env.BENCH_SCALE_CONNECTIONS ?? 25),
    drainMs: Number(process.env.BENCH_SCALE_DRAIN_SECONDS ?? (quick ? 30 : 90)) * 1000,
  };
  // Rounds in the order 1+1, 2+2, 2+2, 1+1, ...: other work on a shared machine drifts, and the
  // mirrored order gives both topologies the same share of the drift.
  const rounds = Number(process.env.BENCH_SCALE_ROUNDS ?? (quick ? 1 : 2));
  const ones = [];
  const twos = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [1, 2] : [2, 1];
    for (const n of order) (n === 1 ? ones : twos).push(await runTopology({ apis: n, workers: n, ...settings }));
  }
  if (process.env.BENCH_SCALE_JSON)
    fs.writeFileSync(process.env.BENCH_SCALE_JSON, JSON.stringify({ ones, twos }, null, 2));
  const one = combine(ones);
  const two = combine(twos);
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : null);
  const base = '1 api + 1 worker';
  const common =
    `${rounds} round(s) of ${settings.seconds} s, ${settings.connections} connections per api, ` +
    `${settings.agentCount} agents`;
  const checks = (r) =>
    `${r.answered} answered 2xx (${r.failures} not), ${r.stored} stored, ${r.lost} lost, ${r.notOffered} not offered ` +
    `within the bound, ${r.contactsOfferedMoreThanOnce} offered more than once, ${r.agentErrors} accept/end errors`;
  return [
    {
      figure: 'scale-out 1+1: web inquiry intake, max throughput',
      baseline: '',
      baselineValue: null,
      value: one.intakeRps,
      unit: 'req/s',
      ratio: null,
      note: `${common}; req/s by round ${one.intakeByRound.join(', ')}; ${checks(one)}; ${cpuNote(one)}`,
    },
    {
      figure: 'scale-out 2+2: web inquiry intake, max throughput',
      baseline: base,
      baselineValue: one.intakeRps,
      value: two.intakeRps,
      unit: 'req/s',
      ratio: ratio(two.intakeRps, one.intakeRps),
      note: `${common}; req/s by round ${two.intakeByRound.join(', ')}; ${checks(two)}; ${cpuNote(two)}`,
    },
    {
      figure: 'scale-out 2+2: inquiries per CPU-second of the service',
      baseline: base,
      baselineValue: one.intakePerServiceCore,
      value: two.intakePerServiceCore,
      unit: 'req/core-s',
      ratio: ratio(two.intakePerServiceCore, one.intakePerServiceCore),
      note: 'intake req/s over the CPU of the api and worker processes and their PostgreSQL backends (% of one core / 100)',
    },
    {
      figure: 'scale-out 2+2: contacts offered/s while the load runs',
      baseline: base,
      baselineValue: one.offeredPerSecond,
      value: two.offeredPerSecond,
      unit: 'offers/s',
      ratio: ratio(two.offeredPerSecond, one.offeredPerSecond),
      note:
        `all offered within ${one.drainSeconds.toFixed(1)} s (1+1) and ${two.drainSeconds.toFixed(1)} s (2+2) ` +
        `after the load: ${one.overallOfferedPerSecond.toFixed(1)} vs ${two.overallOfferedPerSecond.toFixed(1)} offers/s overall`,
    },
    {
      figure: 'scale-out 2+2: inquiry -> offer p50',
      baseline: base,
      baselineValue: one.p50,
      value: two.p50,
      unit: 'ms',
      ratio: ratio(two.p50, one.p50),
    },
    {
      figure: 'scale-out 2+2: inquiry -> offer p99',
      baseline: base,
      baselineValue: one.p99,
      value: two.p99,
      unit: 'ms',
      ratio: ratio(two.p99, one.p99),
    },
    {
      figure: 'scale-out: contacts with two pending offers at once (1+1, 2+2)',
      baseline: 'target',
      baselineValue: 0,
      value: one.doubleOffers + two.doubleOffers,
      unit: 'contacts',
      ratio: null,
      note: `from the offer table's history; ${one.offeredTwiceOnSockets + two.offeredTwiceOnSockets} offered twice on the agents' sockets`,
    },
    {
      figure: 'scale-out: answered contacts lost (1+1, 2+2)',
      baseline: 'target',
      baselineValue: 0,
      value: one.lost + two.lost,
      unit: 'contacts',
      ratio: null,
      note: `not past received within ${settings.drainMs / 1000} s after the load (${one.lost} and ${two.lost})`,
    },
  ];
};

if (require.main === module) {
  exports.run({ quick: QUICK }).then(
    (rows) => {
      console.table(rows.map(({ note, ...r }) => r));
      for (const r of rows) if (r.note) console.log(`${r.figure}: ${r.note}`);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
