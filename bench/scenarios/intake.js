'use strict';
// Intake over HTTP against the bare chain, in one run: the signed Twilio voice webhook and the
// web inquiry at full speed (50 connections) and at an offered 500 req/s, and GET /health
// against bare node:http. Load from a separate process (autocannon); the service as `npm start`
// runs it. Then the cost of logging: the inquiry again on a service at LOG_LEVEL=info.
const { startService, TWILIO } = require('../lib/service');
const { startBareChain, startBaselineServer } = require('../lib/baselines');
const { warmAndLoad } = require('../lib/load');

exports.order = 20;

const OFFERED = Number(process.env.BENCH_OFFERED_RATE ?? 500);

const notes = (service, base) =>
  `non-2xx ${service.non2xx + service.errors + service.timeouts} (chain ${base.non2xx + base.errors + base.timeouts}); ` +
  `p50 ${service.p50} vs ${base.p50} ms`;

exports.run = async function run(ctx) {
  const rows = [];
  const bare = await startBareChain();
  const bareHttp = await startBaselineServer('bare-http.js');
  const service = await startService({ backend: 'redis' });
  let answered = 0;
  try {
    const voice = {
      kind: 'twilio-voice',
      path: '/webhooks/twilio/voice',
      twilioToken: TWILIO.authToken,
      publicBaseUrl: service.publicBaseUrl,
    };
    const pairs = [
      ['signed Twilio voice webhook, max throughput', voice, { kind: 'bare-voice', path: '/' }, null],
      [
        'web inquiry POST /inquiries, max throughput',
        { kind: 'inquiry', path: '/inquiries' },
        { kind: 'bare-inquiry', path: '/' },
        null,
      ],
      [
        `signed Twilio voice webhook, p99 at an offered ${OFFERED} req/s`,
        voice,
        { kind: 'bare-voice', path: '/' },
        OFFERED,
      ],
      [
        `web inquiry, p99 at an offered ${OFFERED} req/s`,
        { kind: 'inquiry', path: '/inquiries' },
        { kind: 'bare-inquiry', path: '/' },
        OFFERED,
      ],
    ];
    for (const [figure, spec, bareSpec, rate] of pairs) {
      ctx.log(figure);
      const base = await warmAndLoad({ url: bare.url, ...bareSpec, ...(rate ? { rate } : {}) });
      const mine = await warmAndLoad({ url: service.url, ...spec, ...(rate ? { rate } : {}) });
      answered += mine.ok;
      rows.push(
        rate
          ? {
              figure,
              baseline: 'bare chain',
              baselineValue: base.p99,
              value: mine.p99,
              unit: 'ms p99',
              ratio: mine.p99 / base.p99,
              note: `served ${mine.rps.toFixed(0)} req/s (chain ${base.rps.toFixed(0)}); ${notes(mine, base)}`,
            }
          : {
              figure,
              baseline: 'bare chain',
              baselineValue: base.rps,
              value: mine.rps,
              unit: 'req/s',
              ratio: mine.rps / base.rps,
              note: `p99 ${mine.p99} vs ${base.p99} ms; ${notes(mine, base)}`,
            },
      );
    }
    ctx.log('GET /health');
    const baseHealth = await warmAndLoad({ url: bareHttp.url, kind: 'get', path: '/' });
    const health = await warmAndLoad({ url: service.url, kind: 'get', path: '/health' });
    rows.push({
      figure: 'GET /health, max throughput',
      baseline: 'bare node:http',
      baselineValue: baseHealth.rps,
      value: health.rps,
      unit: 'req/s',
      ratio: health.rps / baseHealth.rps,
      note: `p99 ${health.p99} vs ${baseHealth.p99} ms; non-2xx ${health.non2xx + health.errors}`,
    });

    // Every 2xx is a committed contact (warm-up runs included): count them.
    const db = await service.db();
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM contact`)).rows;
    await db.end();
    rows.push({
      figure: 'contacts stored after the intake runs',
      baseline: 'measured 2xx (without warm-ups)',
      baselineValue: answered,
      value: n,
      unit: 'contacts',
      ratio: null,
      note: 'stored >= answered: no 2xx without its contact',
    });
  } finally {
    await service.stop();
    await bare.stop();
    await bareHttp.stop();
  }

  ctx.log('logging cost');
  const quiet = await startService({ backend: 'redis', env: { LOG_LEVEL: 'warn' } });
  let warn;
  try {
    warn = await warmAndLoad({ url: quiet.url, kind: 'inquiry', path: '/inquiries' });
  } finally {
    await quiet.stop();
  }
  const chatty = await startService({ backend: 'redis', env: { LOG_LEVEL: 'info' } });
  try {
    const info = await warmAndLoad({ url: chatty.url, kind: 'inquiry', path: '/inquiries' });
    rows.push({
      figure: 'web inquiry max throughput at LOG_LEVEL=info (logging cost)',
      baseline: 'LOG_LEVEL=warn',
      baselineValue: warn.rps,
      value: info.rps,
      unit: 'req/s',
      ratio: info.rps / warn.rps,
      note: `p99 ${info.p99} vs ${warn.p99} ms`,
    });
  } finally {
    await chatty.stop();
  }
  return rows;
};
