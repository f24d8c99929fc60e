'use strict';
// Summarizes a V8 .cpuprofile (node --cpu-prof): self time by package (node_modules/<name>), by
// this repository's files (dist/<module>), node internals, GC and idle. Usage:
//   node bench/lib/profile-summary.js <file.cpuprofile> [top]
const fs = require('node:fs');

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
}
const groupOf = (node) => {
  const { url, functionName } = node.callFrame;
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(gc)';
  if (functionName === '(program)') return '(program)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const mine = /\/dist\/([^/]+)/.exec(url);
  if (mine) return `app:${mine[1]}`;
  if (url.startsWith('node:') || url === '') return `node:${functionName ? 'internals' : 'native'}`;
  return url;
};
const groups = new Map();
const functions = new Map();
let total = 0;
for (const [id, us] of self) {
  const node = byId.get(id);
  const g = groupOf(node);
  groups.set(g, (groups.get(g) ?? 0) + us);
  const f = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/.*node_modules\//, '')}:${node.callFrame.lineNumber}`;
  functions.set(f, (functions.get(f) ?? 0) + us);
  total += us;
}
const busy = total - (groups.get('(idle)') ?? 0);
const top = Number(topArg ?? 25);
const pct = (us, of) => `${((100 * us) / of).toFixed(1)}%`;
console.log(`total ${(total / 1e6).toFixed(1)} s, busy ${pct(busy, total)}`);
console.log('\nself time by group (share of busy time):');
for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  if (g !== '(idle)') console.log(`  ${pct(us, busy).padStart(6)}  ${g}`);
}
console.log('\nhottest functions:');
for (const [f, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`  ${pct(us, busy).padStart(6)}  ${f}`);
