'use strict';
// Web-inquiry load at max throughput, in its own process: argv = service URL, connections,
// seconds. Closed loop: each of `connections` keep-alive connections posts the next inquiry as
// soon as the previous one is answered, until `seconds` have passed. Prints one JSON line:
// sent [{ contactId, at }] (at = just before sending) for every 202, failures, startedAt, endedAt.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

const [url, connections, seconds] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const { hostname, port } = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const salt = randomBytes(4).toString('hex');
const sent = [];
let failures = 0;
let counter = 0;

function post() {
  const i = counter++;
  const body = Buffer.from(
    JSON.stringify({
      name: `Scale ${i}`,
      email: `scale${i}-${salt}@scale${i % 97}.example.org`,
      message: `Please quote 20 servers (${salt}-${i}).`,
      type: 'quote',
      productLine: 'server',
    }),
  );
  const at = Date.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        hostname,
        port,
        method: 'POST',
        path: '/inquiries',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
        timeout: 30_000,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode === 202) sent.push({ contactId: JSON.parse(Buffer.concat(chunks).toString()).id, at });
          else failures++;
          resolve();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      failures++;
      resolve();
    });
    req.end(body);
  });
}

async function loop(until) {
  while (Date.now() < until) await post();
}

async function main() {
  const startedAt = Date.now();
  const cpu0 = process.cpuUsage();
  const until = startedAt + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, () => loop(until)));
  const endedAt = Date.now();
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({ sent, failures, startedAt, endedAt, cpuMs })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
