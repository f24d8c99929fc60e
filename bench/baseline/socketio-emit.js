'use strict';
// socket.io emit, bare: a server in this process emits COUNT events one at a time to a client
// over a websocket on loopback (the client acknowledges each, as a console acknowledges an
// offer). Prints one JSON line: emit -> received latency percentiles and round trips per second.
const http = require('node:http');
const { Server } = require('socket.io');
const { io } = require('socket.io-client');

const COUNT = Number(process.env.COUNT ?? 2000);

async function main() {
  const server = http.createServer();
  const ioServer = new Server(server);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const connected = new Promise((r) => ioServer.once('connection', r));
  const client = io(`http://127.0.0.1:${server.address().port}`, { transports: ['websocket'], reconnection: false });
  const socket = await connected;
  const latencies = [];
  const t0 = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const sent = performance.now();
    const received = new Promise((r) => client.once('offer', r));
    socket.emit('offer', { offerId: String(i), contactId: String(i) });
    await received;
    latencies.push(performance.now() - sent);
  }
  const seconds = (performance.now() - t0) / 1000;
  client.disconnect();
  await ioServer.close();
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  process.stdout.write(JSON.stringify({ count: COUNT, perSecond: COUNT / seconds, p50: at(50), p99: at(99) }) + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
