'use strict';
// The pool size from measurement: web inquiry max throughput (and p99) on services started with
// DATABASE_POOL_SIZE 4, 10 and 20 (BENCH_POOL_SIZES), each beside the default of 10.
const { startService } = require('../lib/service');
const { warmAndLoad } = require('../lib/load');

exports.order = 25;

exports.run = async function run(ctx) {
  const sizes = (process.env.BENCH_POOL_SIZES ?? '4,10,20').split(',').map(Number);
  const measured = new Map();
  for (const size of sizes) {
    ctx.log(`DATABASE_POOL_SIZE=${size}`);
    const service = await startService({ backend: 'redis', env: { DATABASE_POOL_SIZE: String(size) } });
    try {
      measured.set(size, await warmAndLoad({ url: service.url, kind: 'inquiry', path: '/inquiries' }));
    } finally {
      await service.stop();
    }
  }
  const base = measured.get(10) ?? measured.get(sizes[0]);
  return sizes.map((size) => {
    const r = measured.get(size);
    return {
      figure: `web inquiry max throughput, DATABASE_POOL_SIZE=${size}`,
      baseline: 'pool of 10 (default)',
      baselineValue: base.rps,
      value: r.rps,
      unit: 'req/s',
      ratio: r.rps / base.rps,
      note: `p99 ${r.p99} ms; non-2xx ${r.non2xx + r.errors}`,
    };
  });
};
