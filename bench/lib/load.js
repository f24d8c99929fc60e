'use strict';
// Load always comes from a separate process: bench/lib/load-process.js runs autocannon there.
const { QUICK, runNodeJson } = require('./common');

/**
 * Runs autocannon against `url` from a child process and resolves with its figures.
 * spec: { url, kind: 'get' | 'inquiry' | 'twilio-voice' | 'bare-voice' | 'bare-inquiry', path,
 *         connections, seconds, rate (overall req/s, optional), twilioToken, publicBaseUrl }
 */
function load(spec) {
  const seconds = spec.seconds ?? (QUICK ? 3 : 10);
  const full = { connections: 50, ...spec, seconds };
  return runNodeJson(['bench/lib/load-process.js', JSON.stringify(full)], {}, (seconds + 60) * 1000);
}

/** A short run first (JIT, pools, caches), then the measured one. */
async function warmAndLoad(spec) {
  await load({ ...spec, seconds: QUICK ? 1 : 3 });
  return load(spec);
}

module.exports = { load, warmAndLoad };
