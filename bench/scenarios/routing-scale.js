'use strict';
// The routing core at scale, in process (no I/O): one agent decision among 10,000 agents with
// mixed skills and loads, the indexed selection (AgentIndex) next to the reference scan
// (selectAgent) on the same roster and the same contacts. Each decision is applied to the roster
// (the chosen agent holds one more contact and counts as busy from now; once IN_FLIGHT contacts
// are held, the oldest one ends at each new assignment and its agent is idle from then), so the
// index is measured with its updates, as a dispatcher would use it.
// Run standalone with `node bench/scenarios/routing-scale.js` after `npm run build`.
require('reflect-metadata');

exports.order = 11;

const AGENTS = Number(process.env.BENCH_ROUTING_AGENTS ?? 10_000);
/** Contacts assigned during the run and still held, on top of the roster's initial loads. */
const IN_FLIGHT = Math.round(AGENTS / 2);
const MEDIA = ['voice', 'sms', 'web', 'email', 'fax'];
const LANGUAGES = ['ja', 'zh', 'en'];
const CHANNELS = ['e_coverage', 'e_sales', 'demand_generation'];
const PRODUCT_LINES = ['server', 'storage', 'pc', 'network', 'cloud', 'printer'];

/** A small deterministic generator, so both sides see the same roster and contacts. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Each of `list` with probability n / list.length, at least one: an agent who lists skills lists some. */
function pick(rnd, list, n) {
  const picked = list.filter(() => rnd() < n / list.length);
  return picked.length > 0 ? picked : [list[Math.floor(rnd() * list.length)]];
}

const DEFAULT_CAPACITY = { voice: 1, sms: 3, web: 3, email: 5, fax: 3 };

/**
 * A roster of mixed skills and loads: a share of agents lists no skill of a kind (and serves them
 * all), the others a few values; a fifth have their own capacities; each holds contacts only in
 * the media they serve, from none to their capacity; idle times fall on whole minutes and a third
 * of the agents share the start of the shift, so the ties on idle time and on load that the
 * fairness order breaks occur as on a real floor.
 */
function roster(n) {
  const rnd = random(42);
  return Array.from({ length: n }, (_, i) => {
    const media = rnd() < 0.1 ? [] : pick(rnd, MEDIA, 2);
    const capacity = {};
    if (rnd() < 0.2) {
      capacity.email = 2 + Math.floor(rnd() * 7);
      capacity.web = 1 + Math.floor(rnd() * 4);
      capacity.sms = 1 + Math.floor(rnd() * 4);
    }
    const load = {};
    for (const medium of media.length > 0 ? media : MEDIA) {
      const held = Math.floor(rnd() * ((capacity[medium] ?? DEFAULT_CAPACITY[medium]) + 1));
      if (held > 0) load[medium] = held;
    }
    return {
      id: `agent-${String(i).padStart(5, '0')}`,
      presence: rnd() < 0.8 ? 'available' : 'away',
      skills: {
        languages: rnd() < 0.2 ? [] : pick(rnd, LANGUAGES, 1.5),
        media,
        channels: rnd() < 0.5 ? [] : pick(rnd, CHANNELS, 2),
        productLines: rnd() < 0.3 ? [] : pick(rnd, PRODUCT_LINES, 3),
      },
      load,
      capacity,
      idleSince: rnd() < 0.33 ? 0 : 60_000 * Math.floor(rnd() * 60),
    };
  });
}

const REASON_KINDS = ['longest idle', 'fewest open contacts', 'first by id', 'the only', 'no eligible agent'];

function contacts(n) {
  const rnd = random(7);
  return Array.from({ length: n }, (_, i) => ({
    id: `contact-${i}`,
    medium: MEDIA[Math.floor(rnd() * MEDIA.length)],
    channel: CHANNELS[Math.floor(rnd() * CHANNELS.length)],
    language: LANGUAGES[Math.floor(rnd() * LANGUAGES.length)],
    productLine: rnd() < 0.5 ? PRODUCT_LINES[Math.floor(rnd() * PRODUCT_LINES.length)] : null,
    segment: null,
    enqueuedAt: i,
  }));
}

/**
 * Decisions per second for `select(contact, i)` over the contacts, applying each decision to
 * the roster through `apply(agent)`. Runs for at least `minMs` (and `minCount` decisions).
 */
function measure(select, apply, work, minMs, minCount) {
  let clock = 3_600_000;
  let decided = 0;
  let assigned = 0;
  // The contacts held, oldest first: a queue read from `next` (Array#shift copies a long array).
  const held = [];
  let next = 0;
  // Decisions by the tie-break that settled them (the first words of the reason), every 16th
  // decision: reading a reason flattens the string, which a dispatcher would not do for all.
  const reasons = new Map();
  let sampled = 0;
  const step = (i) => {
    const contact = work[i % work.length];
    const { agent, reason } = select(contact);
    decided++;
    if ((decided & 15) === 0) {
      const kind = REASON_KINDS.find((k) => reason.startsWith(k)) ?? 'other';
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
      sampled++;
    }
    if (!agent) return;
    assigned++;
    clock++;
    const load = { ...agent.load, [contact.medium]: (agent.load[contact.medium] ?? 0) + 1 };
    apply({ ...agent, load, idleSince: clock });
    held.push([agent.id, contact.medium]);
    // A floor in steady state: past IN_FLIGHT contacts held, the oldest one ends as each new one starts.
    if (held.length - next > IN_FLIGHT) {
      const [id, medium] = held[next];
      held[next++] = undefined;
      apply(null, id, medium, ++clock);
    }
  };
  for (let i = 0; i < Math.min(200, minCount); i++) step(i);
  decided = 0;
  reasons.clear();
  sampled = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let i = 0;
  // The clock read every 64 decisions, so reading it costs next to nothing.
  while (decided < minCount || performance.now() - t0 < minMs) for (let k = 0; k < 64; k++) step(i++);
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: decided / ((performance.now() - t0) / 1000),
    // On a shared machine the wall clock counts other people's time too; CPU time is this process's.
    perCpuSecond: decided / ((cpu.user + cpu.system) / 1e6),
    assignedShare: assigned / (decided + 200),
    reasons: [...reasons]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, n]) => `${kind} ${Math.round((100 * n) / sampled)}%`)
      .join(', '),
  };
}

exports.run = async function run(ctx = {}) {
  const domain = require('../../dist/routing/domain');
  const { AgentIndex } = require('../../dist/routing/domain/agent-index');
  const quick = Boolean(ctx.quick);
  const work = contacts(20_000);

  // Reference: the scan over an array, the roster kept as an array of states.
  const scanAgents = roster(AGENTS);
  const scanPosition = new Map(scanAgents.map((a, i) => [a.id, i]));
  const scan = measure(
    (contact) => domain.selectAgent(scanAgents, contact),
    (agent, id, medium, at) => {
      if (agent) scanAgents[scanPosition.get(agent.id)] = agent;
      else {
        const a = scanAgents[scanPosition.get(id)];
        scanAgents[scanPosition.get(id)] = { ...a, load: { ...a.load, [medium]: a.load[medium] - 1 }, idleSince: at };
      }
    },
    work,
    quick ? 300 : 2000,
    quick ? 20 : 200,
  );

  // The index is a long-lived value in a dispatcher: its code is warmed up (compiled) on a
  // roster of its own first, so the figure is the steady state, not the first seconds.
  const warmup = new AgentIndex(roster(AGENTS));
  const apply = (target) => (agent, id, medium, at) => {
    if (agent) target.upsert(agent);
    else {
      const a = target.get(id);
      target.upsert({ ...a, load: { ...a.load, [medium]: a.load[medium] - 1 }, idleSince: at });
    }
  };
  measure((contact) => warmup.select(contact), apply(warmup), work, 0, quick ? 2_000 : 20_000);

  const indexed = new AgentIndex(roster(AGENTS));
  const index = measure(
    (contact) => indexed.select(contact),
    apply(indexed),
    work,
    // A fixed count, not a time: the roster fills up as contacts are held, so a faster index run
    // for longer would meet a fuller roster (more "no eligible agent" decisions) than a slower one.
    0,
    quick ? 5_000 : 60_000,
  );

  // The same answers: replay a few hundred decisions on fresh rosters through both.
  const check = roster(AGENTS);
  const checkIndex = new AgentIndex(check);
  let same = 0;
  const sample = quick ? 50 : 300;
  for (let i = 0; i < sample; i++) {
    const a = domain.selectAgent(check, work[i]);
    const b = checkIndex.select(work[i]);
    if (a.agent?.id === b.agent?.id && a.reason === b.reason) same++;
    if (a.agent) {
      const next = {
        ...a.agent,
        load: { ...a.agent.load, [work[i].medium]: (a.agent.load[work[i].medium] ?? 0) + 1 },
        idleSince: 4_000_000 + i,
      };
      check[check.findIndex((x) => x.id === next.id)] = next;
      checkIndex.upsert(next);
    }
  }

  return [
    {
      figure: `routing core: agent decision among ${AGENTS.toLocaleString('en')} agents (indexed)`,
      baseline: 'selectAgent scan, same roster',
      baselineValue: Math.round(scan.perSecond),
      value: Math.round(index.perSecond),
      unit: 'decisions/s',
      ratio: index.perSecond / scan.perSecond,
      note: `per CPU second: ${Math.round(index.perCpuSecond)} indexed, ${Math.round(scan.perCpuSecond)} scan (${(index.perCpuSecond / scan.perCpuSecond).toFixed(0)}x); target >= 100,000/s; ${Math.round(index.assignedShare * 100)}% of decisions found an agent; decisions by reason: ${index.reasons}; ${same}/${sample} replayed decisions identical (agent and reason)`,
    },
  ];
};

if (require.main === module) {
  exports.run({ quick: process.env.BENCH_QUICK === '1' }).then(
    (rows) => console.table(rows),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
