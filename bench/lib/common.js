'use strict';
// Shared helpers of the benchmarks: throw-away databases and key prefixes, child processes
// (the service as `npm start` runs it, the baselines, the load generator), percentiles.
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const net = require('node:net');
const path = require('node:path');
const http = require('node:http');
const { Client } = require('pg');
const Redis = require('ioredis');

const ROOT = path.resolve(__dirname, '..', '..');
const PG = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUICK = process.env.BENCH_QUICK === '1';

/** Every command a run spawned, in order, for RESULTS.md. */
const commands = [];

const percentile = (sorted, p) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const uniqueName = (prefix) => `${prefix}_${randomBytes(4).toString('hex')}`;

async function adminQuery(sql) {
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  try {
    return await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function createDatabase(name) {
  await adminQuery(`CREATE DATABASE "${name}"`);
  return `${PG}/${name}`;
}

const dropDatabase = (name) => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);

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

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** utime + stime of `pid` in ticks, or null once it is gone. */
function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

const describeEnv = (env) =>
  Object.entries(env)
    .map(([k, v]) => `${k}=${/SECRET|PASSWORD|TOKEN/.test(k) ? '***' : v}`)
    .join(' ');

/**
 * Spawns `node <args>` in the repository root; its output goes to the returned buffers. With
 * `{ stdin: true }` its stdin is a pipe (`child.stdin`) instead of closed.
 */
function spawnNode(args, env = {}, { stdin = false } = {}) {
  commands.push(`${describeEnv(env)} node ${args.join(' ')}`.trim());
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8');
  child.stdoutText = '';
  child.stderrText = '';
  child.stdout.on('data', (c) => (child.stdoutText += c));
  child.stderr.on('data', (c) => (child.stderrText = (child.stderrText + c).slice(-20000)));
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return child;
}

/**
 * Resolves with the first stdout line of `child` (from spawnNode) that passes `test`, parsed by
 * `parse`; rejects when the child ends without printing one, or after `timeoutMs`.
 */
function lineOf(child, test, parse = (l) => l, timeoutMs = 300_000) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('no answer from a child process')), timeoutMs);
    const onData = (chunk) => {
      buffer += chunk;
      let at;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        if (test(line)) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          return resolve(parse(line));
        }
      }
    };
    child.stdout.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      // Whatever it printed, even before this listener was attached.
      const line = (child.stdoutText ?? '').split('\n').find(test);
      if (line !== undefined) return resolve(parse(line));
      reject(
        new Error(
          `${child.spawnargs.slice(1).join(' ')} ended (${code}) before answering: ` +
            `${(child.stdoutText ?? '').slice(-300)} ${child.stderrText?.slice(-2000)}`,
        ),
      );
    });
  });
}

/** Resolves with the JSON a child prints on its last stdout line; rejects on failure or after `timeoutMs`. */
async function runNodeJson(args, env, timeoutMs) {
  const child = spawnNode(args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  if (code !== 0)
    throw new Error(`node ${args.join(' ')} ended with ${code ?? signal}: ${child.stderrText.slice(-2000)}`);
  const lines = child.stdoutText.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

/** Polls `probe` until it answers true, at most `timeoutMs`. */
async function waitUntil(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

module.exports = {
  ROOT,
  PG,
  REDIS,
  QUICK,
  commands,
  percentile,
  uniqueName,
  adminQuery,
  createDatabase,
  dropDatabase,
  deleteRedisKeys,
  freePort,
  spawnNode,
  cpuTicks,
  lineOf,
  runNodeJson,
  httpGet,
  waitUntil,
};
