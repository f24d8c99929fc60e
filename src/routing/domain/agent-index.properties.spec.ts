import fc from 'fast-check';
import { LANGUAGES, MEDIA, SALES_CHANNELS } from '../../contacts/contact.types';
import { AgentIndex } from './agent-index';
import { AgentState, ContactToRoute, PreferredAgent, selectAgent } from './agent-selection';

// The indexed selection must be the scan of agent-selection.ts, agent and reason, in every state.

const NOW = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;
const PRODUCT_LINES = ['server', 'storage', 'pc'];
const MAX_AGENTS = 70;

const optionalList = <T>(values: readonly T[]) => fc.option(fc.subarray([...values]), { nil: undefined });
const perMedium = (max: number) =>
  fc.record(
    { voice: fc.nat(max), sms: fc.nat(max), web: fc.nat(max), email: fc.nat(max), fax: fc.nat(max) },
    { requiredKeys: [] },
  );
// A narrow range so ties on idle time, and the later tie-breaks, actually happen.
const idleArb = fc.integer({ min: NOW - 5 * MINUTE, max: NOW }).map((t) => t - (t % MINUTE));
const presenceArb = fc.constantFrom<AgentState['presence']>('available', 'available', 'available', 'away', 'offline');

const agentsArb = fc
  .array(
    fc.record({
      presence: presenceArb,
      skills: fc.record({
        languages: optionalList(LANGUAGES),
        productLines: optionalList(PRODUCT_LINES),
        channels: optionalList(SALES_CHANNELS),
        media: optionalList(MEDIA),
      }),
      load: perMedium(3),
      capacity: perMedium(5),
      idleSince: idleArb,
    }),
    // Past 32 agents the bitsets span several words. `size: 'max'`: fast-check's default size
    // stops an array at 10 elements whatever its maxLength, which would never leave the first word.
    { maxLength: MAX_AGENTS, size: 'max' },
  )
  // Ids in shuffled order, so the caller's order, the id order and the fairness order all differ.
  .map((agents) => agents.map((a, i): AgentState => ({ id: `agent-${(i * 37) % 101}`, ...a })));

const contactArb = fc.record({
  id: fc.constant('c'),
  medium: fc.constantFrom(...MEDIA),
  channel: fc.constantFrom(...SALES_CHANNELS),
  language: fc.constantFrom(...LANGUAGES),
  productLine: fc.option(fc.constantFrom(...PRODUCT_LINES, 'unknown-line'), { nil: null }),
  segment: fc.constant(null),
  enqueuedAt: fc.constant(NOW),
});

const agentIdArb = fc.nat(MAX_AGENTS).map((i) => `agent-${(i * 37) % 101}`);
const optionsArb = fc.record({
  excludeAgentIds: fc.array(agentIdArb, { maxLength: 6 }),
  preferred: fc.option(
    fc.record({
      agentId: agentIdArb,
      kind: fc.constantFrom<PreferredAgent['kind']>('last_agent', 'relationship_owner'),
    }),
    { nil: null },
  ),
});

/** A change to one agent, as dispatch sees them: an offer, an end of work, a presence change. */
const changeArb = fc.record({
  agent: fc.nat(MAX_AGENTS),
  kind: fc.constantFrom('offer', 'offer', 'idle', 'presence', 'load_down'),
  medium: fc.constantFrom(...MEDIA),
  presence: presenceArb,
  at: fc.integer({ min: -6, max: 3 }),
});

function apply(agent: AgentState, change: ChangeOf): AgentState {
  const held = agent.load[change.medium] ?? 0;
  switch (change.kind) {
    case 'offer':
      return {
        ...agent,
        load: { ...agent.load, [change.medium]: held + 1 },
        idleSince: Math.max(agent.idleSince, NOW + change.at * MINUTE),
      };
    case 'idle':
      return { ...agent, idleSince: NOW + change.at * MINUTE };
    case 'presence':
      return { ...agent, presence: change.presence };
    default:
      return { ...agent, load: { ...agent.load, [change.medium]: Math.max(0, held - 1) } };
  }
}
type ChangeOf = { kind: string; medium: (typeof MEDIA)[number]; presence: AgentState['presence']; at: number };

describe('AgentIndex', () => {
  it('selects what the reference scan selects, agent and reason', () => {
    fc.assert(
      fc.property(agentsArb, contactArb, optionsArb, (agents, contact: ContactToRoute, options) => {
        const index = new AgentIndex(agents);
        expect(index.select(contact, options)).toEqual(selectAgent(agents, contact, options));
      }),
      { numRuns: 500 },
    );
  });

  it('still selects what the scan selects after any sequence of changes to agents', () => {
    fc.assert(
      fc.property(
        agentsArb,
        fc.array(fc.tuple(changeArb, contactArb, optionsArb), { maxLength: 25 }),
        (initial, steps) => {
          const agents = [...initial];
          const index = new AgentIndex(agents);
          for (const [change, contact, options] of steps) {
            if (agents.length > 0) {
              const at = change.agent % agents.length;
              agents[at] = apply(agents[at], change);
              index.upsert(agents[at]);
            }
            expect(index.select(contact, options)).toEqual(selectAgent(agents, contact, options));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('still selects what the scan selects when moves to the end run out of slots and the index compacts', () => {
    // A few agents and many offers: the spare slots at the end run out several times over.
    fc.assert(
      fc.property(
        agentsArb.map((agents) => agents.slice(0, 6)),
        fc.array(fc.tuple(changeArb, contactArb, optionsArb), { minLength: 40, maxLength: 150 }),
        (initial, steps) => {
          const agents = [...initial];
          const index = new AgentIndex(agents);
          for (const [change, contact, options] of steps) {
            if (agents.length > 0) {
              const at = change.agent % agents.length;
              // Always later than everyone: the agent moves to a new slot at the end.
              const latest = Math.max(...agents.map((a) => a.idleSince));
              agents[at] = { ...apply(agents[at], change), idleSince: latest + MINUTE };
              index.upsert(agents[at]);
            }
            // Re-offers and preferences too: the excluded and preferred agents sit in moved slots.
            expect(index.select(contact, options)).toEqual(selectAgent(agents, contact, options));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps the eligible count of each requirement asked for through changes, compactions and rebuilds', () => {
    // The same few contacts come back after each change: their counts, kept since first asked
    // for, are read again and again, and must be what a fresh scan counts. Capacity and skills
    // change too, the one read again on a move, the other re-sorting.
    const keptChangeArb = fc.oneof(
      { weight: 8, arbitrary: changeArb.map((change) => ({ ...change, also: 'none' as const })) },
      { weight: 1, arbitrary: changeArb.map((change) => ({ ...change, also: 'capacity' as const })) },
      { weight: 1, arbitrary: changeArb.map((change) => ({ ...change, also: 'skills' as const })) },
    );
    fc.assert(
      fc.property(
        // Lists joined: a single array arbitrary stops at 10 elements unless told otherwise.
        fc
          .array(agentsArb, { minLength: 4, maxLength: 7 })
          .map((lists) => lists.flat().map((a, i): AgentState => ({ ...a, id: `agent-${(i * 37) % 101}` }))),
        // A few agents in one word (the last one refilling its slot often) or several words.
        fc.constantFrom(6, 12, 50),
        fc.array(contactArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(keptChangeArb, fc.nat(2), optionsArb, fc.boolean()), { minLength: 40, maxLength: 160 }),
        (initial, size, contacts, steps) => {
          // Agents in a few words, moved to the end at most steps: the spare slots run out and the
          // index compacts, the agents' slots moving to words before where the searches started.
          const agents = initial.slice(0, size);
          const index = new AgentIndex(agents);
          for (const [change, which, options, toEnd] of steps) {
            if (agents.length > 0) {
              const at = change.agent % agents.length;
              let next = apply(agents[at], change);
              if (toEnd) next = { ...next, idleSince: Math.max(...agents.map((a) => a.idleSince)) + MINUTE };
              if (change.also === 'capacity') next = { ...next, capacity: { [change.medium]: change.at + 6 } };
              if (change.also === 'skills') next = { ...next, skills: { ...next.skills, media: [change.medium] } };
              agents[at] = next;
              index.upsert(next);
            }
            const contact = contacts[which % contacts.length];
            expect(index.select(contact, options)).toEqual(selectAgent(agents, contact, options));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("names the no-agent groups in the scan's order among hundreds of agents", () => {
    // Past the first agents of the caller's order, a rare group is found by its lowest position.
    fc.assert(
      fc.property(
        fc.array(agentsArb, { minLength: 3, maxLength: 6 }).map((lists) =>
          lists.flat().map((a, i): AgentState => ({
            ...a,
            // Nearly all at capacity everywhere, so there is mostly no agent and every group shows.
            load: i % 97 === 5 ? a.load : { voice: 9, sms: 9, web: 9, email: 9, fax: 9 },
            id: `agent-${String((i * 7919) % 1000).padStart(4, '0')}`,
          })),
        ),
        contactArb,
        fc.array(fc.nat(400), { maxLength: 4 }),
        (agents, contact, excludedAt) => {
          const unique = agents.filter((a, i) => agents.findIndex((b) => b.id === a.id) === i);
          const excludeAgentIds = excludedAt.filter((i) => i < unique.length).map((i) => unique[i].id);
          const index = new AgentIndex(unique);
          expect(index.select(contact, { excludeAgentIds })).toEqual(selectAgent(unique, contact, { excludeAgentIds }));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds an agent among 10,000 in the last word and names the pool size', () => {
    const agents: AgentState[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `agent-${String(i).padStart(5, '0')}`,
      presence: 'available',
      skills: { languages: [i === 9_999 ? 'zh' : 'ja'] },
      load: {},
      capacity: {},
      idleSince: NOW - i,
    }));
    const contact: ContactToRoute = {
      id: 'c',
      medium: 'web',
      channel: 'e_sales',
      language: 'zh',
      productLine: null,
      enqueuedAt: NOW,
    };
    expect(new AgentIndex(agents).select(contact)).toEqual({
      agent: agents[9_999],
      reason: 'the only eligible agent with skills zh',
    });
  });
});

describe('AgentIndex updates', () => {
  const base: AgentState = { id: 'a', presence: 'available', skills: {}, load: {}, capacity: {}, idleSince: NOW };
  const contact: ContactToRoute = { id: 'c', medium: 'email', channel: 'e_sales', language: 'ja', enqueuedAt: NOW };

  it('counts an agent who fills up while keeping the last slot as at capacity', () => {
    const agents: AgentState[] = [
      { ...base, id: 'a', presence: 'away', idleSince: NOW - 2 * MINUTE },
      { ...base, id: 'b', idleSince: NOW - MINUTE },
    ];
    const call: ContactToRoute = { ...contact, medium: 'voice' };
    const index = new AgentIndex(agents);
    expect(index.select(call).agent?.id).toBe('b');
    // Still the last in fairness order: b refills the same slot, now with no room for a call.
    agents[1] = { ...agents[1], load: { voice: 1 }, idleSince: NOW };
    index.upsert(agents[1]);
    expect(index.select(call)).toEqual(selectAgent(agents, call));
    expect(index.select(call).reason).toContain('1 at voice capacity');
  });

  it('searches from the first word again once a compaction moved the only eligible agent to it', () => {
    // 40 agents, the only one speaking zh at fairness position 35, in the second word of slots.
    const agents: AgentState[] = Array.from({ length: 40 }, (_, i) => ({
      ...base,
      id: `agent-${String(i).padStart(2, '0')}`,
      skills: { languages: [i === 35 ? 'zh' : 'ja'] },
      idleSince: NOW - (40 - i) * MINUTE,
    }));
    const zh: ContactToRoute = { ...contact, language: 'zh' };
    const index = new AgentIndex(agents);
    expect(index.select(zh).agent?.id).toBe('agent-35');
    // The first agents get work again and again until the spare slots run out and the index
    // compacts: agent-35 then sits in the first word.
    for (let k = 0; k < 100; k++) {
      const at = k % 20;
      agents[at] = { ...agents[at], idleSince: NOW + k * MINUTE };
      index.upsert(agents[at]);
    }
    expect(index.select(zh)).toEqual(selectAgent(agents, zh));
    expect(index.select(zh).agent?.id).toBe('agent-35');
  });

  it.each<[string, (agents: AgentState[]) => AgentState, string]>([
    ['the last agent becomes the longest idle', (a) => ({ ...a[1], idleSince: NOW - 10 * MINUTE }), 'b'],
    ['the first agent gets work and moves to the end', (a) => ({ ...a[0], idleSince: NOW + MINUTE }), 'b'],
    ['the first agent goes away', (a) => ({ ...a[0], presence: 'away' }), 'b'],
    [
      'the last agent gets skills',
      (a) => ({ ...a[1], idleSince: NOW - 10 * MINUTE, skills: { media: ['email'] } }),
      'b',
    ],
  ])('%s', (_, change, expected) => {
    const agents = [
      { ...base, id: 'a', idleSince: NOW - 2 * MINUTE },
      { ...base, id: 'b', idleSince: NOW - MINUTE },
    ];
    const index = new AgentIndex(agents);
    expect(index.select(contact).agent?.id).toBe('a');
    const changed = change(agents);
    index.upsert(changed);
    const now = agents.map((a) => (a.id === changed.id ? changed : a));
    expect(index.select(contact)).toEqual(selectAgent(now, contact));
    expect(index.select(contact).agent?.id).toBe(expected);
  });
});
