'use strict';
// Soak: web inquiries at a steady BENCH_SOAK_RATE (50/s) for BENCH_SOAK_SECONDS (600), load from
// autocannon in its own process, with agents connected accepting and ending what they are
// offered. The service's RSS is sampled from /proc and its event-loop delay p99
// (perf_hooks.monitorEventLoopDelay: nodejs_eventloop_lag_p99_seconds in GET /metrics, reset at
// each scrape) scraped every 5 s; RSS growth is measured from the end of the first tenth (after
// warm-up) to the end. Beside it, an idle node process (bench/baseline/idle-loop.js) measures its
// own event-loop delay the same way, read at the same moments: what the machine alone does to a
// process's event loop (other load on a shared machine), the baseline of the service's figure.
const fs = require('node:fs');
const { QUICK, httpGet } = require('../lib/common');
const { startService, ADMIN } = require('../lib/service');
const { load } = require('../lib/load');
const { jsonClient, login, connectAgent } = require('../lib/client');
const { startBaselineServer } = require('../lib/baselines');

exports.order = 80;

/** CPU seconds (user + system) the process has used, from /proc (clock ticks of 1/100 s). */
const cpuOf = (pid) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const rssOf = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
};

exports.run = async function run(ctx) {
  const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? (QUICK ? 20 : 600));
  const rate = Number(process.env.BENCH_SOAK_RATE ?? 50);
  const agentsCount = Number(process.env.BENCH_SOAK_AGENTS ?? 20);
  const idle = await startBaselineServer('idle-loop.js');
  const service = await startService({ backend: 'redis' }).catch(async (error) => {
    await idle.stop();
    throw error;
  });
  const client = jsonClient(service.url);
  const agents = [];
  const samples = [];
  let offers = 0;
  let timer;
  try {
    const admin = await login(client, ADMIN.email, ADMIN.password);
    for (let i = 0; i < agentsCount; i++) {
      const agent = await connectAgent(service.url, client, admin, `soak-agent-${i}@example.org`);
      agent.socket.on('offer', async (offer) => {
        offers++;
        try {
          await agent.socket.timeout(10_000).emitWithAck('offer:accept', { offerId: offer.offerId });
          await agent.socket.timeout(10_000).emitWithAck('assignment:end', { contactId: offer.contactId });
        } catch {
          // An offer that expired or went elsewhere: the next one comes.
        }
      });
      agents.push(agent);
    }
    const started = Date.now();
    const sample = async () => {
      const [metrics, baseline] = await Promise.all([httpGet(`${service.url}/metrics`, 4000), httpGet(idle.url, 4000)]);
      const m = /^nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(metrics.body);
      let idleEld = NaN;
      try {
        idleEld = JSON.parse(baseline.body).p99;
      } catch {
        // A window without the baseline's figure is left out of the comparison.
      }
      samples.push({
        at: (Date.now() - started) / 1000,
        rss: rssOf(service.pid),
        cpu: cpuOf(service.pid),
        eld: m ? Number(m[1]) * 1000 : NaN,
        idleEld,
      });
    };
    await sample();
    timer = setInterval(() => void sample().catch(() => undefined), 5000);
    ctx.log(`soak: ${seconds} s at ${rate} inquiries/s with ${agentsCount} agents`);
    const result = await load({
      url: service.url,
      kind: 'inquiry',
      path: '/inquiries',
      rate,
      connections: 10,
      seconds,
    });
    clearInterval(timer);
    await sample();
    const warm = samples.find((s) => s.at >= seconds / 10) ?? samples[0];
    const last = samples[samples.length - 1];
    const growth = (last.rss - warm.rss) / warm.rss;
    const windows = samples.slice(1).filter((s) => Number.isFinite(s.eld));
    const eldP99 = Math.max(...windows.map((s) => s.eld));
    const paired = windows.filter((s) => Number.isFinite(s.idleEld));
    const idleP99 = Math.max(...paired.map((s) => s.idleEld));
    // The service's delay beyond the machine's in the same window: what the service itself adds.
    const excess = Math.max(...paired.map((s) => s.eld - s.idleEld));
    const over = windows.filter((s) => s.eld >= 50).length;
    const idleOver = paired.filter((s) => s.eld >= 50 && s.idleEld >= 50).length;
    // The service's CPU time per inquiry over the run: less disturbed by other load than delays.
    const cpuSeconds = last.cpu - samples[0].cpu;
    const note = `rss ${(warm.rss / 2 ** 20).toFixed(0)} -> ${(last.rss / 2 ** 20).toFixed(0)} MiB; ${result.ok} inquiries answered 2xx, ${result.non2xx + result.errors} not; ${offers} offers taken; service CPU ${cpuSeconds.toFixed(0)} s, ${((1000 * cpuSeconds) / Math.max(1, result.ok)).toFixed(1)} ms per inquiry answered`;
    return [
      {
        figure: `soak ${seconds} s at ${rate} inquiries/s: RSS growth after warm-up`,
        baseline: 'target',
        baselineValue: 10,
        value: growth * 100,
        unit: '%',
        ratio: (growth * 100) / 10,
        note,
      },
      {
        figure: `soak ${seconds} s at ${rate} inquiries/s: event-loop delay p99 (worst 5 s window)`,
        baseline: 'target',
        baselineValue: 50,
        value: eldP99,
        unit: 'ms',
        ratio: eldP99 / 50,
        note: `${windows.length} windows, ${over} at >= 50 ms (the idle process too in ${idleOver}); at most ${excess.toFixed(1)} ms over the idle process in the same window; p99 of the answers ${result.p99} ms`,
      },
      {
        figure: `soak ${seconds} s: event-loop delay p99 (worst 5 s window) of an idle node process beside it`,
        baseline: 'the service, same windows',
        baselineValue: eldP99,
        value: idleP99,
        unit: 'ms',
        ratio: idleP99 / eldP99,
        note: `the machine's share of the service's figure; ${paired.length} windows`,
      },
    ];
  } finally {
    clearInterval(timer);
    for (const a of agents) a.socket.disconnect();
    client.close();
    await service.stop();
    await idle.stop();
  }
};
