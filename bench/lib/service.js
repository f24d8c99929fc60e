'use strict';
// The service as `npm start` runs it: `node dist/main.js` in its own process, on a throw-away
// database and Redis key prefix, removed when it stops.
const { Client } = require('pg');
const {
  REDIS,
  uniqueName,
  dropDatabase,
  deleteRedisKeys,
  freePort,
  spawnNode,
  httpGet,
  waitUntil,
  PG,
} = require('./common');

const ADMIN = { email: 'bench-admin@example.org', password: 'bench-password-1' };
const TWILIO = { accountSid: 'ACbench0000000000000000000000000000', authToken: 'bench-twilio-auth-token' };

/**
 * Starts the service; `backend` 'redis' (REDIS_URL set) or 'postgres' (queues, fan-out and
 * presence in PostgreSQL). `env` overrides any variable. Resolves once GET /health answers 200.
 */
async function startService({ backend = 'redis', env = {}, database, nodeArgs = [] } = {}) {
  const name = database ?? uniqueName('cc_bench');
  const port = await freePort();
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const serviceEnv = {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: `${PG}/${name}`,
    ...(backend === 'redis' ? { REDIS_URL: REDIS } : { REDIS_URL: '' }),
    REDIS_KEY_PREFIX: name,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'warn',
    INQUIRY_RATE_LIMIT: '0',
    LOGIN_RATE_LIMIT: '100000',
    SMTP_INTAKE_PORT: '0',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    PUBLIC_BASE_URL: publicBaseUrl,
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    STORAGE_DIR: `/tmp/${name}-storage`,
    ...env,
  };
  // BENCH_CPU_PROFILE_DIR: every service process writes a V8 CPU profile there (bench/lib/profile-summary.js reads it).
  const profile = process.env.BENCH_CPU_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`]
    : [];
  const child = spawnNode([...profile, ...nodeArgs, 'dist/main.js'], serviceEnv);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`the service exited: ${child.stderrText.slice(-2000)}`);
        return (await httpGet(`${url}/health`)).status === 200;
      },
      120_000,
      'the service to answer GET /health',
    );
  } catch (error) {
    child.kill('SIGKILL');
    await dropDatabase(name).catch(() => undefined);
    throw error;
  }
  const stop = async ({ keepDatabase = false } = {}) => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await child.exited;
      clearTimeout(killer);
    }
    if (!keepDatabase) await dropDatabase(name).catch(() => undefined);
    await deleteRedisKeys(name).catch(() => undefined);
  };
  const db = async () => {
    const client = new Client({ connectionString: serviceEnv.DATABASE_URL });
    await client.connect();
    return client;
  };
  return { url, port, pid: child.pid, child, env: serviceEnv, publicBaseUrl, database: name, stop, db };
}

module.exports = { startService, ADMIN, TWILIO };
