'use strict';
// Starts a baseline server (bench/baseline/*.js) in its own process and waits for its port.
const { spawnNode, waitUntil, uniqueName, createDatabase, dropDatabase, deleteRedisKeys, REDIS } = require('./common');

async function startBaselineServer(script, env = {}) {
  const child = spawnNode([`bench/baseline/${script}`], env);
  await waitUntil(
    () => {
      if (child.exitCode !== null) throw new Error(`${script} exited: ${child.stderrText}`);
      return /READY \d+/.test(child.stdoutText);
    },
    30_000,
    `${script} to listen`,
  );
  const port = Number(/READY (\d+)/.exec(child.stdoutText)[1]);
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await child.exited;
      clearTimeout(killer);
    }
  };
  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid, stop };
}

/** The bare chain on its own throw-away database and key prefix. */
async function startBareChain() {
  const name = uniqueName('cc_bench_bare');
  const databaseUrl = await createDatabase(name);
  const server = await startBaselineServer('bare-chain.js', {
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    PREFIX: name,
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await dropDatabase(name).catch(() => undefined);
      await deleteRedisKeys(name).catch(() => undefined);
    },
  };
}

module.exports = { startBaselineServer, startBareChain };
