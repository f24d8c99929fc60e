'use strict';
// The load generator, in its own process: autocannon with a fresh body per request (a new
// provider id each time, so every request is a new contact, not a retry), bounded in time.
// Prints one JSON line with the figures.
const { randomBytes } = require('node:crypto');
const autocannon = require('autocannon');
const twilio = require('twilio');
const fixture = require('../../test/fixtures/twilio/voice-incoming-call.json');

const spec = JSON.parse(process.argv[2]);
const salt = randomBytes(4).toString('hex');
let counter = 0;

function inquiryBody() {
  const i = counter++;
  return JSON.stringify({
    name: `Bench ${i}`,
    email: `bench${i % 400}@bench-${i % 50}.example.org`,
    message: `サーバーの見積もりをお願いします ${salt}-${i}`,
    type: i % 2 ? 'quote' : 'question',
    productLine: 'server',
  });
}

function voiceParams() {
  const i = counter++;
  return { ...fixture, CallSid: `CA${salt}${String(i).padStart(24, '0')}` };
}

function setupRequest(req) {
  switch (spec.kind) {
    case 'inquiry':
    case 'bare-inquiry':
      return { ...req, method: 'POST', headers: { 'content-type': 'application/json' }, body: inquiryBody() };
    case 'twilio-voice':
    case 'bare-voice': {
      const params = voiceParams();
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      if (spec.kind === 'twilio-voice') {
        headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(
          spec.twilioToken,
          spec.publicBaseUrl + spec.path,
          params,
        );
      }
      return { ...req, method: 'POST', headers, body: new URLSearchParams(params).toString() };
    }
    default:
      return req;
  }
}

const instance = autocannon(
  {
    url: spec.url + (spec.path ?? '/'),
    connections: spec.connections,
    duration: spec.seconds,
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    timeout: 30,
    requests: [{ method: spec.kind === 'get' ? 'GET' : 'POST', setupRequest }],
  },
  (error, result) => {
    if (error) {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    }
    const ok = result['2xx'];
    process.stdout.write(
      JSON.stringify({
        requests: result.requests.total,
        ok,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        seconds: result.duration,
        rps: ok / result.duration,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      }) + '\n',
    );
  },
);
process.once('SIGTERM', () => instance.stop());
