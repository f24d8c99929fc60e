#!/usr/bin/env node
/* eslint-disable */
// The cost on intake of the funnel's per-day triggers (migration 1765920000000-ReportCohortDays):
// on a throw-away migrated database, BENCH_CONTACTS contacts (default 10,000) inserted in
// transactions of BENCH_BATCH (default 100), each contact one INSERT, then an offer and an
// assignment (as intake and routing write them), with the triggers enabled and disabled in
// alternate rounds (the same load on both), printing the mean time per batch and the ratio.
// `npm run build` first.
'use strict';
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { Client } = require('pg');

const PG = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
// BENCH_TRIGGERS: the triggers switched (default the three of report_contact's rows).
const TRIGGERS = (process.env.BENCH_TRIGGERS ?? 'report_cohort_insert,report_cohort_update,report_cohort_delete').split(
  ',',
);

async function main() {
  const { prepareDatabase } = require('../dist/database/prepare-database');
  const name = `cc_bench_cohort_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const db = new Client({ connectionString: `${PG}/${name}` });
  try {
    await prepareDatabase(`${PG}/${name}`);
    await db.connect();
    const { rows } = await db.query(
      `INSERT INTO app_user (email, password_hash, name, roles) VALUES ('bench@example.org', 'x', 'Bench', '{agent}') RETURNING id`,
    );
    const agent = rows[0].id;
    const times = { on: [], off: [] };
    for (let b = 0; b < CONTACTS / BATCH; b++) {
      const mode = b % 2 === 0 ? 'on' : 'off';
      for (const t of TRIGGERS)
        await db.query(`ALTER TABLE report_contact ${mode === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`);
      const t0 = performance.now();
      await db.query('BEGIN');
      for (let i = 0; i < BATCH; i++) {
        const c = await db.query(
          `INSERT INTO contact (medium, source, status, channel, inquiry_type, language, body, created_at, updated_at)
           VALUES ('web', 'bench', 'queued', 'e_sales', 'question', 'ja', 'bench', now() - $1 * interval '1 minute', now())
           RETURNING id`,
          [b * BATCH + i],
        );
        const o = await db.query(
          `INSERT INTO offer (contact_id, agent_id, medium, status, reason, created_at, expires_at, decided_at)
           VALUES ($1, $2, 'web', 'accepted', 'bench', now(), now() + interval '20 seconds', now()) RETURNING id`,
          [c.rows[0].id, agent],
        );
        await db.query(
          `INSERT INTO assignment (contact_id, agent_id, offer_id, medium, started_at) VALUES ($1, $2, $3, 'web', now())`,
          [c.rows[0].id, agent, o.rows[0].id],
        );
      }
      await db.query('COMMIT');
      times[mode].push(performance.now() - t0);
    }
    const mean = (list) => list.reduce((a, x) => a + x, 0) / list.length;
    const deltas = await db.query(`SELECT count(*)::int AS n FROM report_cohort_delta`);
    process.stdout.write(
      `${CONTACTS} contacts in transactions of ${BATCH} (contact, offer, assignment each):\n` +
        `  triggers on:  ${mean(times.on).toFixed(1)} ms per transaction (${times.on.length})\n` +
        `  triggers off: ${mean(times.off).toFixed(1)} ms per transaction (${times.off.length})\n` +
        `  ratio on/off: ${(mean(times.on) / mean(times.off)).toFixed(3)}; deltas appended: ${deltas.rows[0].n}\n`,
    );
  } finally {
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
