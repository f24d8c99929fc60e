import fc from 'fast-check';
import { LANGUAGES, MEDIA, SALES_CHANNELS } from '../../contacts/contact.types';
import {
  AgentState,
  canTake,
  ContactToRoute,
  PreferredAgent,
  selectAgent,
  whyIneligibleAsPreferred,
} from './agent-selection';

// The preferred agent of agent selection (a reopened contact's last agent, an account's
// relationship owner): scenario table first, then properties.

const NOW = Date.parse('2026-03-02T10:00:00Z');

const agent = (over: Partial<AgentState> = {}): AgentState => ({
  id: 'a1',
  presence: 'available',
  skills: {},
  load: {},
  capacity: {},
  idleSince: NOW - 60_000,
  ...over,
});

const contact = (over: Partial<ContactToRoute> = {}): ContactToRoute => ({
  id: 'c1',
  medium: 'email',
  channel: 'e_coverage',
  language: 'ja',
  productLine: 'server',
  enqueuedAt: NOW,
  ...over,
});

// "owner" idled for a shorter time than "other": without a preference "other" is picked.
const owner = (over: Partial<AgentState> = {}) => agent({ id: 'owner', idleSince: NOW - 1000, ...over });
const other = agent({ id: 'other', idleSince: NOW - 600_000 });
const lastAgent: PreferredAgent = { agentId: 'owner', kind: 'last_agent' };
const relationshipOwner: PreferredAgent = { agentId: 'owner', kind: 'relationship_owner' };

describe('selectAgent with a preferred agent', () => {
  it.each<[string, AgentState[], PreferredAgent, string[], string | null, string]>([
    ['available and with room: first', [owner(), other], lastAgent, [], 'owner', "preferred: the contact's last agent"],
    [
      'the relationship owner, with the same rule',
      [owner(), other],
      relationshipOwner,
      [],
      'owner',
      "preferred: the account's relationship owner",
    ],
    [
      'skills are waived: a language and channel they lack',
      [owner({ skills: { languages: ['en'], channels: ['e_sales'], productLines: ['pc'] } }), other],
      lastAgent,
      [],
      'owner',
      'preferred',
    ],
    [
      'not in the roster (away or offline): normal selection',
      [other],
      lastAgent,
      [],
      'other',
      "(the contact's last agent is away or offline)",
    ],
    ['away: normal selection', [owner({ presence: 'away' }), other], lastAgent, [], 'other', 'is away or offline'],
    [
      'at capacity in the medium: normal selection',
      [owner({ load: { email: 2 }, capacity: { email: 2 } }), other],
      relationshipOwner,
      [],
      'other',
      "(the account's relationship owner is at capacity)",
    ],
    [
      'not serving the medium: normal selection',
      [owner({ skills: { media: ['voice'] } }), other],
      lastAgent,
      [],
      'other',
      'is not serving this medium',
    ],
    [
      'declined or let it expire (already tried): normal selection',
      [owner(), other],
      lastAgent,
      ['owner'],
      'other',
      'is already tried',
    ],
    [
      'nobody else either: waits, and says why',
      [owner({ presence: 'offline' })],
      lastAgent,
      [],
      null,
      "no eligible agent for a email contact with skills ja, server among 1: 1 away or offline (the contact's last agent is away or offline)",
    ],
  ])('%s', (_name, agents, preferred, excludeAgentIds, expected, reason) => {
    const selection = selectAgent(agents, contact(), { preferred, excludeAgentIds });
    expect(selection.agent?.id ?? null).toBe(expected);
    expect(selection.reason).toContain(reason);
  });

  it('without a preference selects as before', () => {
    expect(selectAgent([owner(), other], contact()).agent?.id).toBe('other');
    expect(selectAgent([owner(), other], contact(), { preferred: null }).agent?.id).toBe('other');
  });
});

describe('whyIneligibleAsPreferred / canTake', () => {
  it.each<[string, Partial<AgentState>, ReturnType<typeof whyIneligibleAsPreferred>]>([
    ['available with room', {}, null],
    ['away', { presence: 'away' }, 'not_available'],
    ['offline', { presence: 'offline' }, 'not_available'],
    ['not serving email', { skills: { media: ['sms'] } }, 'medium'],
    ['at capacity', { load: { email: 5 } }, 'at_capacity'],
    ['lacking the language', { skills: { languages: ['en'] } }, null],
  ])('%s', (_name, over, expected) => {
    expect(whyIneligibleAsPreferred(agent(over), contact())).toBe(expected);
  });

  it('holds the preferred agent to the preferred rule and anyone else to the full one', () => {
    const english = agent({ skills: { languages: ['en'] } });
    expect(canTake(english, contact(), 'a1')).toBe(true);
    expect(canTake(english, contact(), 'someone-else')).toBe(false);
    expect(canTake(english, contact(), null)).toBe(false);
  });
});

const agentsArb = fc
  .array(
    fc.record({
      presence: fc.constantFrom<AgentState['presence']>('available', 'available', 'away', 'offline'),
      skills: fc.record({
        languages: fc.option(fc.subarray([...LANGUAGES]), { nil: undefined }),
        channels: fc.option(fc.subarray([...SALES_CHANNELS]), { nil: undefined }),
        media: fc.option(fc.subarray([...MEDIA]), { nil: undefined }),
      }),
      load: fc.record({ email: fc.nat(6), voice: fc.nat(2) }, { requiredKeys: [] }),
      capacity: fc.record({ email: fc.nat(6) }, { requiredKeys: [] }),
      idleSince: fc.integer({ min: NOW - 300_000, max: NOW }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((agents) => agents.map((a, i): AgentState => ({ id: `agent-${i}`, ...a })));

const contactArb = fc.record({
  id: fc.constant('c'),
  medium: fc.constantFrom(...MEDIA),
  channel: fc.constantFrom(...SALES_CHANNELS),
  language: fc.constantFrom(...LANGUAGES),
  productLine: fc.constant(null),
  enqueuedAt: fc.constant(NOW),
});

describe('preferred agent properties', () => {
  const scenario = fc.record({
    agents: agentsArb,
    contact: contactArb,
    preferredIndex: fc.nat(9),
    kind: fc.constantFrom<PreferredAgent['kind']>('last_agent', 'relationship_owner'),
    excludedIndexes: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]),
  });

  it('gives the contact to the preferred agent exactly when they can take it as preferred and were not tried', () => {
    fc.assert(
      fc.property(scenario, ({ agents, contact, preferredIndex, kind, excludedIndexes }) => {
        const preferredId = `agent-${preferredIndex}`;
        const excludeAgentIds = excludedIndexes.map((i) => `agent-${i}`);
        const selection = selectAgent(agents, contact, { preferred: { agentId: preferredId, kind }, excludeAgentIds });
        const candidate = agents.find((a) => a.id === preferredId);
        const takes =
          candidate !== undefined &&
          !excludeAgentIds.includes(preferredId) &&
          whyIneligibleAsPreferred(candidate, contact) === null;
        if (takes) {
          expect(selection.agent?.id).toBe(preferredId);
          expect(selection.reason.startsWith('preferred: ')).toBe(true);
        } else {
          // Otherwise exactly the normal selection, with a note about the preferred agent.
          const normal = selectAgent(agents, contact, { excludeAgentIds });
          expect(selection.agent?.id).toBe(normal.agent?.id);
          expect(selection.reason.startsWith(normal.reason)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never picks an agent who is not available or has no room in the medium', () => {
    fc.assert(
      fc.property(scenario, ({ agents, contact, preferredIndex, kind }) => {
        const selection = selectAgent(agents, contact, { preferred: { agentId: `agent-${preferredIndex}`, kind } });
        if (selection.agent) expect(whyIneligibleAsPreferred(selection.agent, contact)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});
