'use strict';
// BullMQ itself, add -> completed, on Redis beside BullMQ's PostgreSQL backend, each in its own
// process (bench/baseline/bullmq-add-completed.js).
const {
  QUICK,
  REDIS,
  runNodeJson,
  uniqueName,
  createDatabase,
  dropDatabase,
  deleteRedisKeys,
} = require('../lib/common');

exports.order = 60;

exports.run = async function run() {
  const jobs = String(process.env.BENCH_JOBS ?? (QUICK ? 300 : 2000));
  const name = uniqueName('cc_bench_q');
  const redis = await runNodeJson(
    ['bench/baseline/bullmq-add-completed.js'],
    { BACKEND: 'redis', REDIS_URL: REDIS, PREFIX: name, JOBS: jobs },
    300_000,
  );
  await deleteRedisKeys(name);
  const url = await createDatabase(name);
  let postgres;
  try {
    postgres = await runNodeJson(
      ['bench/baseline/bullmq-add-completed.js'],
      { BACKEND: 'postgres', DATABASE_URL: url, PREFIX: name, JOBS: jobs },
      300_000,
    );
  } finally {
    await dropDatabase(name);
  }
  return [
    {
      figure: `BullMQ add -> completed x${jobs}, jobs/s (PostgreSQL backend vs Redis)`,
      baseline: 'BullMQ on Redis',
      baselineValue: redis.perSecond,
      value: postgres.perSecond,
      unit: 'jobs/s',
      ratio: postgres.perSecond / redis.perSecond,
    },
    {
      figure: `BullMQ add -> completed x${jobs}, p99 (PostgreSQL backend vs Redis)`,
      baseline: 'BullMQ on Redis',
      baselineValue: redis.p99,
      value: postgres.p99,
      unit: 'ms',
      ratio: postgres.p99 / redis.p99,
    },
  ];
};
