'use strict';
// Bare node:http answering 200 with a small JSON body: the ceiling of HTTP on this machine,
// the baseline of GET /health.
const http = require('node:http');

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
