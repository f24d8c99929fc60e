'use strict';
// Inquiry -> `offer` on an agent's console socket, one contact at a time (accept, end, next), so
// every contact finds the agent free: the product's promise ("offered within a second"), on Redis
// and with REDIS_URL unset (queues, fan-out and presence in PostgreSQL), beside a bare socket.io
// emit -> received in the same run.
const { QUICK, runNodeJson, percentile } = require('../lib/common');
const { startService, ADMIN } = require('../lib/service');
const { jsonClient, login, connectAgent } = require('../lib/client');

exports.order = 40;

async function offerLatency(backend, count) {
  const service = await startService({ backend });
  const client = jsonClient(service.url);
  let agent;
  try {
    const admin = await login(client, ADMIN.email, ADMIN.password);
    agent = await connectAgent(service.url, client, admin, 'bench-agent@example.org');
    const latencies = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const offered = new Promise((resolve) => agent.socket.once('offer', resolve));
      const res = await client.call('POST', '/inquiries', {
        name: `Offer ${i}`,
        email: `offer${i}@bench-offers.example.org`,
        message: 'How fast is the offer?',
      });
      if (res.status !== 202) throw new Error(`POST /inquiries answered ${res.status}`);
      const offer = await Promise.race([
        offered,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no offer within 30 s (${i})`)), 30_000)),
      ]);
      latencies.push(performance.now() - t0);
      await agent.socket.timeout(10_000).emitWithAck('offer:accept', { offerId: offer.offerId });
      await agent.socket.timeout(10_000).emitWithAck('assignment:end', { contactId: offer.contactId });
    }
    latencies.sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
  } finally {
    agent?.socket.disconnect();
    client.close();
    await service.stop();
  }
}

exports.run = async function run() {
  const count = Number(process.env.BENCH_OFFERS ?? (QUICK ? 20 : 100));
  const emit = await runNodeJson(['bench/baseline/socketio-emit.js'], { COUNT: String(QUICK ? 200 : 2000) }, 120_000);
  const rows = [];
  for (const backend of ['redis', 'postgres']) {
    const figures = await offerLatency(backend, count);
    const label = backend === 'redis' ? 'Redis' : 'PostgreSQL only';
    rows.push(
      {
        figure: `inquiry -> offer on the agent's socket x${count}, one at a time (${label}), p50`,
        baseline: 'socket.io emit -> received',
        baselineValue: emit.p50,
        value: figures.p50,
        unit: 'ms',
        ratio: figures.p50 / emit.p50,
      },
      {
        figure: `inquiry -> offer on the agent's socket x${count}, one at a time (${label}), p99`,
        baseline: 'socket.io emit -> received',
        baselineValue: emit.p99,
        value: figures.p99,
        unit: 'ms',
        ratio: figures.p99 / emit.p99,
        note: `max ${figures.max.toFixed(1)} ms`,
      },
    );
  }
  return rows;
};
