'use strict';
// BullMQ itself, add -> completed: JOBS jobs added 50 at a time, one worker with concurrency 16
// doing nothing, on Redis (BACKEND=redis) or on BullMQ's PostgreSQL backend (BACKEND=postgres,
// DATABASE_URL). Prints one JSON line: jobs/s and the add -> completed latency percentiles.
const bullmq = require('bullmq');

const JOBS = Number(process.env.JOBS ?? 2000);
const PREFIX = process.env.PREFIX ?? 'bench-q';

async function main() {
  let classes;
  let connection;
  if (process.env.BACKEND === 'postgres') {
    classes = bullmq.withBackend(bullmq.createPostgresBackend);
    connection = { connectionString: process.env.DATABASE_URL, migrate: true, max: 4 };
  } else {
    classes = bullmq.withBackend(bullmq.createRedisBackend);
    const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  }
  const queue = new classes.Queue('bench', { connection, prefix: PREFIX });
  const latencies = [];
  let done;
  const finished = new Promise((r) => (done = r));
  const worker = new classes.Worker('bench', async () => undefined, { connection, prefix: PREFIX, concurrency: 16 });
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
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  process.stdout.write(JSON.stringify({ jobs: JOBS, perSecond: JOBS / seconds, p50: at(50), p99: at(99) }) + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
