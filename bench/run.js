#!/usr/bin/env node
/* eslint-disable */
// `npm run bench`: runs every scenario (bench/scenarios/*.js, and bench/*.js files exporting
// `run`), prints one table and writes bench/RESULTS.md. BENCH_ONLY=name,name runs some;
// BENCH_QUICK=1 is a short smoke run. A scenario exports `async run(ctx)` returning rows
// { figure, baseline, baselineValue, value, unit, ratio, note? }.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execSync } = require('node:child_process');
const common = require('./lib/common');

const HERE = __dirname;

function discover() {
  const files = [
    ...fs
      .readdirSync(path.join(HERE, 'scenarios'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => path.join(HERE, 'scenarios', f)),
    // A top-level bench/*.js may be a standalone script (its own npm script) that runs when
    // required: only those that export `run` are scenarios, read before requiring.
    ...fs
      .readdirSync(HERE)
      .filter((f) => f.endsWith('.js') && f !== 'run.js')
      .map((f) => path.join(HERE, f))
      .filter((file) => /\bexports\.run\s*=|module\.exports\s*=[^;]*\brun\b/.test(fs.readFileSync(file, 'utf8'))),
  ];
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return files
    .map((file) => ({ name: path.basename(file, '.js'), file, module: require(file) }))
    .filter((s) => typeof s.module.run === 'function')
    .filter((s) => only.length === 0 || only.includes(s.name))
    .sort((a, b) => (a.module.order ?? 100) - (b.module.order ?? 100) || a.name.localeCompare(b.name));
}

const fmt = (n) => {
  if (n === null || n === undefined || n === '') return '';
  if (typeof n !== 'number') return String(n);
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
};

const COLUMNS = ['figure', 'baseline', 'baseline value', 'this service', 'unit', 'ratio', 'note'];
const cells = (row) => [
  row.figure,
  row.baseline ?? '',
  fmt(row.baselineValue),
  fmt(row.value),
  row.unit ?? '',
  typeof row.ratio === 'number' && Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}x` : '',
  row.note ?? '',
];

function textTable(rows) {
  const data = [COLUMNS, ...rows.map(cells)];
  const widths = COLUMNS.map((_, i) => Math.min(80, Math.max(...data.map((r) => String(r[i]).length))));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
  return [line(data[0]), widths.map((w) => '-'.repeat(w)).join('-+-'), ...data.slice(1).map(line)].join('\n');
}

const markdownTable = (rows) =>
  [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map(
      (r) =>
        `| ${cells(r)
          .map((c) => String(c).replace(/\|/g, '\\|'))
          .join(' | ')} |`,
    ),
  ].join('\n');

function machine() {
  const sh = (cmd) => {
    try {
      return execSync(cmd, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    nproc: sh('nproc'),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free`,
    node: process.version,
    postgres: sh(`psql "${common.PG}/postgres" -Atc 'SHOW server_version' 2>/dev/null`),
    redis: sh(`redis-cli -u ${common.REDIS} INFO server 2>/dev/null | grep redis_version | cut -d: -f2`),
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    commit: sh('git rev-parse --short HEAD 2>/dev/null'),
  };
}

async function main() {
  const started = new Date();
  const before = machine();
  const scenarios = discover();
  const rows = [];
  const ctx = { quick: common.QUICK, log: (msg) => process.stderr.write(`  ${msg}\n`) };
  for (const scenario of scenarios) {
    process.stderr.write(`bench: ${scenario.name} ...\n`);
    const t0 = Date.now();
    try {
      const produced = await scenario.module.run(ctx);
      rows.push(...produced.map((r) => ({ scenario: scenario.name, ...r })));
    } catch (error) {
      rows.push({
        scenario: scenario.name,
        figure: `${scenario.name}: failed`,
        note: String(error.message ?? error).slice(0, 300),
      });
      process.stderr.write(`${error.stack ?? error}\n`);
    }
    process.stderr.write(`bench: ${scenario.name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const after = machine();
  console.log(textTable(rows));

  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const results = `# Benchmark results

Written by \`npm run bench\` (bench/run.js); do not edit by hand. Ratios compare this service
with its baseline measured in the same run on the same machine: read ratios, not absolute
figures, across runs (the machine may be shared).

- date: ${started.toISOString()} (finished ${new Date().toISOString()})
- command: \`${env ? `${env} ` : ''}npm run bench\`
- machine: nproc ${before.nproc}, ${before.cpu}, memory ${before.memory}
- node ${before.node}, PostgreSQL ${before.postgres}, Redis ${before.redis}, commit ${before.commit}
- load average at start ${before.load}, at end ${after.load}
- scenarios: ${scenarios.map((s) => s.name).join(', ')}

${markdownTable(rows)}

## Command lines

Every process the run started (the service as \`npm start\` runs it, the baselines, the load
generator with its JSON spec), in order:

\`\`\`
${common.commands.join('\n')}
\`\`\`
`;
  if (!process.env.BENCH_NO_WRITE) fs.writeFileSync(path.join(HERE, 'RESULTS.md'), results);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
