'use strict';
// Inquiry load, in its own process: argv = service URL, rate per second, count. Posts web
// inquiries at that rate (open loop: one every 1000/rate ms, not waiting for answers) and prints
// one JSON line: sent [{ contactId, at }] (at = just before sending) and failures.
const http = require('node:http');

const [url, rate, count] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const { hostname, port } = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const sent = [];
let failures = 0;
let done = 0;

function post(i) {
  const at = Date.now();
  const body = Buffer.from(
    JSON.stringify({
      name: `Lead ${i}`,
      email: `lead${i}@lead${i % 97}.example.org`,
      message: 'Please quote 20 servers.',
      type: 'quote',
      productLine: 'server',
    }),
  );
  const req = http.request(
    {
      agent,
      hostname,
      port,
      method: 'POST',
      path: '/inquiries',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode === 202) sent.push({ contactId: JSON.parse(Buffer.concat(chunks).toString()).id, at });
        else failures++;
        if (++done === count) finish();
      });
    },
  );
  req.on('error', () => {
    failures++;
    if (++done === count) finish();
  });
  req.end(body);
}

function finish() {
  process.stdout.write(`${JSON.stringify({ sent, failures })}\n`);
  agent.destroy();
}

const start = Date.now();
let i = 0;
const tick = () => {
  // Catch up to the schedule: timers on a busy machine fire late.
  while (i < count && i <= ((Date.now() - start) * rate) / 1000) post(i++);
  if (i < count) setTimeout(tick, Math.max(1, 1000 / rate / 2));
};
tick();
