'use strict';
// The bare chain, hand-written: node:http parses the webhook (form or JSON) -> one
// `INSERT ... ON CONFLICT DO NOTHING` through `pg` -> one BullMQ `add` -> 200. What the stack
// itself costs per request, without any framework; the service's intake figures are read
// against it. Env: DATABASE_URL (the table is created), REDIS_URL, PREFIX, PORT, POOL_SIZE.
const http = require('node:http');
const { createHash } = require('node:crypto');
const { Pool } = require('pg');
const { Queue } = require('bullmq');

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
  await pool.query(`CREATE TABLE IF NOT EXISTS bare_contact (
    id bigserial PRIMARY KEY, source text NOT NULL, external_id text NOT NULL, payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (source, external_id))`);
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const queue = new Queue('bare-contacts', {
    connection: { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null },
    prefix: process.env.PREFIX ?? 'bare',
  });
  await queue.waitUntilReady();

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      try {
        const raw = Buffer.concat(chunks);
        const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
        const fields = form ? Object.fromEntries(new URLSearchParams(raw.toString())) : JSON.parse(raw.toString());
        const externalId = fields.CallSid ?? createHash('sha256').update(raw).digest('hex');
        const { rows } = await pool.query(
          `INSERT INTO bare_contact (source, external_id, payload) VALUES ($1, $2, $3)
           ON CONFLICT (source, external_id) DO NOTHING RETURNING id`,
          [form ? 'twilio' : 'web', externalId, fields],
        );
        const id = rows[0]?.id;
        if (id) await queue.add('process-contact', { contactId: id }, { jobId: `contact-${id}` });
        res.writeHead(200, { 'content-type': form ? 'text/xml' : 'application/json' });
        res.end(form ? '<Response><Enqueue>inbound</Enqueue></Response>' : JSON.stringify({ id, status: 'received' }));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    process.stdout.write(`READY ${server.address().port}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    void Promise.all([pool.end(), queue.obliterate({ force: true }).catch(() => undefined)])
      .then(() => queue.close())
      .finally(() => process.exit(0));
  });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
