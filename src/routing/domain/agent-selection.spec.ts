import { Medium } from '../../contacts/contact.types';
import {
  AgentState,
  assignBatch,
  capacityFor,
  ContactToRoute,
  contactPriority,
  DEFAULT_CAPACITY,
  eligible,
  Ineligibility,
  orderQueue,
  selectAgent,
  totalLoad,
  whyIneligible,
} from './agent-selection';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;

const agent = (over: Partial<AgentState> = {}): AgentState => ({
  id: 'a1',
  presence: 'available',
  skills: {},
  load: {},
  capacity: {},
  idleSince: NOW - 10 * MINUTE,
  ...over,
});
const contact = (over: Partial<ContactToRoute> = {}): ContactToRoute => ({
  id: 'c1',
  medium: 'voice',
  channel: 'e_sales',
  language: 'ja',
  productLine: 'server',
  enqueuedAt: NOW,
  ...over,
});

describe('DEFAULT_CAPACITY', () => {
  it.each<[Medium, number]>([
    ['voice', 1],
    ['sms', 3],
    ['web', 3],
    ['email', 5],
    ['fax', 3],
  ])('%s: %i at once', (medium, n) => {
    expect(DEFAULT_CAPACITY[medium]).toBe(n);
    expect(capacityFor(agent(), medium)).toBe(n);
  });

  it('is overridden per agent and medium', () => {
    expect(capacityFor(agent({ capacity: { email: 8 } }), 'email')).toBe(8);
    expect(capacityFor(agent({ capacity: { email: 8 } }), 'voice')).toBe(1);
  });
});

describe('totalLoad', () => {
  it.each<[AgentState['load'], number]>([
    [{}, 0],
    [{ voice: 1 }, 1],
    [{ email: 3, web: 2, fax: 0 }, 5],
  ])('%p -> %i', (load, n) => {
    expect(totalLoad(agent({ load }))).toBe(n);
  });
});

describe('eligible / whyIneligible', () => {
  it.each<[string, Partial<AgentState>, Partial<ContactToRoute>, Ineligibility | null]>([
    ['available, no skills listed: anything', {}, {}, null],
    ['away', { presence: 'away' }, {}, 'not_available'],
    ['offline', { presence: 'offline' }, {}, 'not_available'],
    [
      'away and lacking skills: presence is reported first',
      { presence: 'away', skills: { languages: ['en'] } },
      {},
      'not_available',
    ],
    // languages
    ['speaks the language', { skills: { languages: ['en', 'ja'] } }, {}, null],
    ['does not speak it', { skills: { languages: ['en', 'zh'] } }, {}, 'language'],
    ['empty language list means any', { skills: { languages: [] } }, {}, null],
    // media
    ['serves the medium', { skills: { media: ['voice'] } }, {}, null],
    ['does not serve the medium', { skills: { media: ['email', 'fax'] } }, {}, 'medium'],
    ['empty media list means any', { skills: { media: [] } }, { medium: 'fax' }, null],
    // channels
    ['serves the channel', { skills: { channels: ['e_sales', 'e_coverage'] } }, {}, null],
    ['does not serve the channel', { skills: { channels: ['demand_generation'] } }, {}, 'channel'],
    // product lines
    ['knows the product line', { skills: { productLines: ['server', 'storage'] } }, {}, null],
    ['does not know it', { skills: { productLines: ['pc'] } }, {}, 'product_line'],
    [
      'contact without a product line needs no product skill',
      { skills: { productLines: ['pc'] } },
      { productLine: null },
      null,
    ],
    ['contact with productLine undefined too', { skills: { productLines: ['pc'] } }, { productLine: undefined }, null],
    ['empty product list means any', { skills: { productLines: [] } }, {}, null],
    // capacity
    ['voice: free with no call', { load: { voice: 0 } }, {}, null],
    ['voice: one call fills it', { load: { voice: 1 } }, {}, 'at_capacity'],
    ['a call does not count against e-mail', { load: { voice: 1 } }, { medium: 'email' }, null],
    ['e-mail: 4 of 5', { load: { email: 4 } }, { medium: 'email' }, null],
    ['e-mail: 5 of 5', { load: { email: 5 } }, { medium: 'email' }, 'at_capacity'],
    ['web: 3 of 3', { load: { web: 3 } }, { medium: 'web' }, 'at_capacity'],
    [
      'over capacity after a lowered limit',
      { load: { sms: 4 }, capacity: { sms: 2 } },
      { medium: 'sms' },
      'at_capacity',
    ],
    ['a raised limit', { load: { voice: 1 }, capacity: { voice: 2 } }, {}, null],
    ['capacity 0: does not take the medium', { capacity: { fax: 0 } }, { medium: 'fax' }, 'at_capacity'],
    // several skills at once: all must match
    [
      'all skills match',
      { skills: { languages: ['ja'], media: ['voice'], channels: ['e_sales'], productLines: ['server'] } },
      {},
      null,
    ],
    [
      'all but the product line',
      { skills: { languages: ['ja'], media: ['voice'], channels: ['e_sales'], productLines: ['pc'] } },
      {},
      'product_line',
    ],
  ])('%s', (_name, agentOver, contactOver, expected) => {
    expect(whyIneligible(agent(agentOver), contact(contactOver))).toBe(expected);
    expect(eligible(agent(agentOver), contact(contactOver))).toBe(expected === null);
  });
});

describe('selectAgent', () => {
  it.each<[string, AgentState[], string[], string | null, string]>([
    ['nobody', [], [], null, 'no eligible agent for a voice contact with skills ja, server: no agents'],
    ['one eligible', [agent({ id: 'x' })], [], 'x', 'the only eligible agent with skills ja, server'],
    [
      'longest idle wins',
      [
        agent({ id: 'a', idleSince: NOW - 1 * MINUTE }),
        agent({ id: 'b', idleSince: NOW - 9 * MINUTE }),
        agent({ id: 'c', idleSince: NOW - 5 * MINUTE }),
      ],
      [],
      'b',
      'longest idle among 3 eligible agents with skills ja, server',
    ],
    [
      'longest idle beats a lighter load',
      [agent({ id: 'a', idleSince: NOW - 9 * MINUTE, load: { email: 4 } }), agent({ id: 'b', idleSince: NOW })],
      [],
      'a',
      'longest idle among 2 eligible agents with skills ja, server',
    ],
    [
      'equally idle: fewest open contacts',
      [
        agent({ id: 'a', load: { email: 2 } }),
        agent({ id: 'b', load: { email: 1, web: 1 } }),
        agent({ id: 'c', load: { sms: 1 } }),
        agent({ id: 'd', idleSince: NOW }),
      ],
      [],
      'c',
      'fewest open contacts (1) among 3 equally idle of 4 eligible agents with skills ja, server',
    ],
    [
      'equally idle and loaded: smallest id',
      [agent({ id: 'b2' }), agent({ id: 'B1' }), agent({ id: 'b1' }), agent({ id: 'a9', idleSince: NOW })],
      [],
      'B1',
      'first by id among 3 equally idle and equally loaded of 4 eligible agents with skills ja, server',
    ],
    [
      'ineligible agents do not count, however idle',
      [
        agent({ id: 'away', presence: 'away', idleSince: 0 }),
        agent({ id: 'en', skills: { languages: ['en'] }, idleSince: 0 }),
        agent({ id: 'ok' }),
      ],
      [],
      'ok',
      'the only eligible agent with skills ja, server',
    ],
    [
      'already tried agents are skipped',
      [agent({ id: 'a', idleSince: 0 }), agent({ id: 'b', idleSince: 5 }), agent({ id: 'c', idleSince: 9 })],
      ['a'],
      'b',
      'longest idle among 2 eligible agents with skills ja, server (1 already tried)',
    ],
    [
      'everyone ineligible, with the reasons counted',
      [
        agent({ id: 'a', presence: 'offline' }),
        agent({ id: 'b', presence: 'away' }),
        agent({ id: 'c', load: { voice: 1 } }),
        agent({ id: 'd', skills: { languages: ['zh'] } }),
        agent({ id: 'e', skills: { productLines: ['pc'] } }),
        agent({ id: 'f' }),
      ],
      ['f'],
      null,
      'no eligible agent for a voice contact with skills ja, server among 6: 2 away or offline, ' +
        '1 at voice capacity, 1 without language ja, 1 without product line server, 1 already tried',
    ],
  ])('%s', (_name, agents, excludeAgentIds, expectedId, reason) => {
    const selection = selectAgent(agents, contact(), { excludeAgentIds });
    expect(selection.agent?.id ?? null).toBe(expectedId);
    expect(selection.reason).toBe(reason);
  });

  it('names only the language when the contact has no product line', () => {
    expect(selectAgent([agent()], contact({ productLine: null })).reason).toBe(
      'the only eligible agent with skills ja',
    );
  });

  it('does not reorder or change its input', () => {
    const agents = [agent({ id: 'b' }), agent({ id: 'a' })];
    const copy = structuredClone(agents);
    selectAgent(agents, contact());
    expect(agents).toEqual(copy);
  });
});

describe('contactPriority', () => {
  it('orders media voice > sms > web > email = fax', () => {
    const p = (medium: Medium) => contactPriority(contact({ medium }), NOW);
    expect(p('voice')).toBeGreaterThan(p('sms'));
    expect(p('sms')).toBeGreaterThan(p('web'));
    expect(p('web')).toBeGreaterThan(p('email'));
    expect(p('email')).toBe(p('fax'));
  });

  it.each<[string, Partial<ContactToRoute>, number]>([
    ['fresh voice', { medium: 'voice' }, 100],
    ['fresh sms', { medium: 'sms' }, 60],
    ['fresh web', { medium: 'web' }, 40],
    ['fresh email', { medium: 'email' }, 20],
    ['fresh fax', { medium: 'fax' }, 20],
    ['a target-segment bonus', { medium: 'email', priorityBonus: 30 }, 50],
    ['a zero bonus', { medium: 'email', priorityBonus: 0 }, 20],
    ['one minute of waiting', { medium: 'email', enqueuedAt: NOW - MINUTE }, 21],
    ['ninety seconds: aging is linear, not stepped', { medium: 'email', enqueuedAt: NOW - 1.5 * MINUTE }, 21.5],
    ['an hour of waiting', { medium: 'web', enqueuedAt: NOW - 60 * MINUTE }, 100],
    ['bonus and aging add up', { medium: 'sms', priorityBonus: 30, enqueuedAt: NOW - 10 * MINUTE }, 100],
    ['enqueued "in the future" by clock skew has not waited', { medium: 'voice', enqueuedAt: NOW + MINUTE }, 100],
  ])('%s -> %d', (_name, over, expected) => {
    expect(contactPriority(contact(over), NOW)).toBeCloseTo(expected, 9);
  });

  it('follows a custom policy', () => {
    const policy = {
      mediumWeights: { voice: 10, sms: 0, web: 0, email: 5, fax: 0 },
      agingPerMinute: 2,
    };
    expect(
      contactPriority(contact({ medium: 'email', priorityBonus: 7, enqueuedAt: NOW - 3 * MINUTE }), NOW, policy),
    ).toBe(18);
  });

  it('lets an e-mail that waited 80 minutes tie a fresh call, and pass it after', () => {
    const call = contactPriority(contact({ medium: 'voice' }), NOW);
    expect(contactPriority(contact({ medium: 'email', enqueuedAt: NOW - 80 * MINUTE }), NOW)).toBe(call);
    expect(contactPriority(contact({ medium: 'email', enqueuedAt: NOW - 81 * MINUTE }), NOW)).toBeGreaterThan(call);
  });
});

describe('orderQueue', () => {
  const ids = (contacts: ContactToRoute[]) => orderQueue(contacts, NOW).map((c) => c.id);

  it.each<[string, Partial<ContactToRoute>[], string[]]>([
    ['empty queue', [], []],
    [
      'higher priority first',
      [
        { id: 'email', medium: 'email' },
        { id: 'voice', medium: 'voice' },
        { id: 'web', medium: 'web' },
      ],
      ['voice', 'web', 'email'],
    ],
    [
      'equal priority: first come, first served',
      [
        // Same priority by construction: the later e-mail carries the target-segment bonus it waited less for.
        { id: 'late', medium: 'email', priorityBonus: 30, enqueuedAt: NOW },
        { id: 'early', medium: 'email', enqueuedAt: NOW - 30 * MINUTE },
      ],
      ['early', 'late'],
    ],
    [
      'equal priority and time: by id',
      [
        { id: 'c3', medium: 'fax' },
        { id: 'c1', medium: 'email' },
        { id: 'c2', medium: 'fax' },
      ],
      ['c1', 'c2', 'c3'],
    ],
    [
      'an old e-mail passes a fresh call',
      [
        { id: 'call', medium: 'voice' },
        { id: 'old-mail', medium: 'email', enqueuedAt: NOW - 2 * 60 * MINUTE },
      ],
      ['old-mail', 'call'],
    ],
  ])('%s', (_name, overs, expected) => {
    expect(ids(overs.map((over) => contact(over)))).toEqual(expected);
  });

  it('does not sort its input in place', () => {
    const queue = [contact({ id: 'a', medium: 'email' }), contact({ id: 'b', medium: 'voice' })];
    orderQueue(queue, NOW);
    expect(queue.map((c) => c.id)).toEqual(['a', 'b']);
  });
});

describe('assignBatch', () => {
  it('serves the queue in order and spreads it across agents', () => {
    const agents = [
      agent({ id: 'a', idleSince: NOW - 20 * MINUTE }),
      agent({ id: 'b', idleSince: NOW - 10 * MINUTE }),
      agent({ id: 'c', presence: 'away' }),
    ];
    const contacts = [
      contact({ id: 'mail1', medium: 'email', enqueuedAt: NOW - 2 * MINUTE }),
      contact({ id: 'call1', medium: 'voice' }),
      contact({ id: 'call2', medium: 'voice', enqueuedAt: NOW - MINUTE }),
      contact({ id: 'call3', medium: 'voice', enqueuedAt: NOW - 3 * MINUTE }),
      contact({ id: 'mail2', medium: 'email' }),
    ];
    const result = assignBatch(agents, contacts, NOW);
    expect(result.assignments.map(({ contactId, agentId }) => [contactId, agentId])).toEqual([
      ['call3', 'a'], // longest idle takes the oldest call
      ['call2', 'b'],
      // call1: both agents are on a call (voice capacity 1)
      ['mail1', 'a'], // both just assigned at NOW and equally loaded: by id
      ['mail2', 'b'],
    ]);
    expect(result.unassigned.map((c) => c.id)).toEqual(['call1']);
    expect(result.agents.map((a) => [a.id, a.load, a.idleSince])).toEqual([
      ['a', { voice: 1, email: 1 }, NOW],
      ['b', { voice: 1, email: 1 }, NOW],
      ['c', {}, NOW - 10 * MINUTE],
    ]);
    // The caller's agents are untouched.
    expect(agents[0].load).toEqual({});
  });
});
