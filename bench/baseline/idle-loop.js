'use strict';
// An idle node process measuring its own event-loop delay as the service does
// (perf_hooks.monitorEventLoopDelay at prom-client's default 10 ms resolution, reset at each
// read): the delay the machine alone gives a process that has nothing to do, the baseline of the
// soak's event-loop delay. GET / answers the p99 and max since the last GET, in ms, and resets.
const http = require('node:http');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

const server = http.createServer((req, res) => {
  req.resume();
  const body = JSON.stringify({ p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 });
  histogram.reset();
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
