import fc from 'fast-check';
import { MAX_TARGET_SEGMENT_BONUS } from '../../catalog/domain/market-planning';
import { LANGUAGES, MEDIA, SALES_CHANNELS } from '../../contacts/contact.types';
import {
  AgentState,
  assignBatch,
  capacityFor,
  contactPriority,
  ContactToRoute,
  DEFAULT_PRIORITY_POLICY,
  eligible,
  orderQueue,
  selectAgent,
  totalLoad,
} from './agent-selection';

// Property tests of agent selection and queue order; the scenario tables are in agent-selection.spec.ts.

const NOW = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;

const PRODUCT_LINES = ['server', 'storage', 'pc'];
/** Target-segment bonuses as the catalog might give them, up to the catalog's bound. */
const BONUSES = [0, 10, 30, 40, MAX_TARGET_SEGMENT_BONUS];
const optionalList = <T>(values: readonly T[]) => fc.option(fc.subarray([...values]), { nil: undefined });
const perMedium = (max: number) =>
  fc.record(
    { voice: fc.nat(max), sms: fc.nat(max), web: fc.nat(max), email: fc.nat(max), fax: fc.nat(max) },
    { requiredKeys: [] },
  );

const agentsArb = fc
  .array(
    fc.record({
      presence: fc.constantFrom<AgentState['presence']>('available', 'available', 'away', 'offline'),
      skills: fc.record({
        languages: optionalList(LANGUAGES),
        productLines: optionalList(PRODUCT_LINES),
        channels: optionalList(SALES_CHANNELS),
        media: optionalList(MEDIA),
      }),
      load: perMedium(3),
      capacity: perMedium(5),
      // A narrow range so ties on idle time, and the later tie-breaks, actually happen.
      idleSince: fc.integer({ min: NOW - 5 * MINUTE, max: NOW }).map((t) => t - (t % MINUTE)),
    }),
    { maxLength: 8 },
  )
  .map((agents) => agents.map((a, i): AgentState => ({ id: `agent-${i}`, ...a })));

const contactArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    medium: fc.constantFrom(...MEDIA),
    channel: fc.constantFrom(...SALES_CHANNELS),
    language: fc.constantFrom(...LANGUAGES),
    productLine: fc.option(fc.constantFrom(...PRODUCT_LINES), { nil: null }),
    priorityBonus: fc.constantFrom(...BONUSES),
    enqueuedAt: fc.integer({ min: NOW - 60 * MINUTE, max: NOW }),
  });
const contactsArb = fc
  .nat(25)
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => contactArb(`contact-${i}`))))
  .map((contacts): ContactToRoute[] => [...contacts]);

/** The skill rules, restated independently of the implementation. */
const hasSkills = (a: AgentState, c: ContactToRoute) => {
  const any = <T>(list: T[] | undefined, v: T) => list === undefined || list.length === 0 || list.includes(v);
  return (
    any(a.skills.languages, c.language) &&
    any(a.skills.media, c.medium) &&
    any(a.skills.channels, c.channel) &&
    (!c.productLine || any(a.skills.productLines, c.productLine))
  );
};

describe('properties', () => {
  it('assignBatch never puts an agent over capacity', () => {
    fc.assert(
      fc.property(agentsArb, contactsArb, (agents, contacts) => {
        const { agents: after, assignments } = assignBatch(agents, contacts, NOW);
        after.forEach((a, i) => {
          const before = agents[i];
          for (const medium of MEDIA) {
            const was = before.load[medium] ?? 0;
            const is = a.load[medium] ?? 0;
            const added = assignments.filter(
              (x) => x.agentId === a.id && contacts.find((c) => c.id === x.contactId)!.medium === medium,
            ).length;
            expect(is).toBe(was + added);
            // An agent already over a lowered limit gets nothing more in that medium.
            if (added > 0) expect(is).toBeLessThanOrEqual(capacityFor(a, medium));
          }
        });
      }),
    );
  });

  it('assignBatch never assigns a contact to an agent who is away or lacks a required skill', () => {
    fc.assert(
      fc.property(agentsArb, contactsArb, (agents, contacts) => {
        for (const { agentId, contactId } of assignBatch(agents, contacts, NOW).assignments) {
          const a = agents.find((x) => x.id === agentId)!;
          const c = contacts.find((x) => x.id === contactId)!;
          expect(a.presence).toBe('available');
          expect(hasSkills(a, c)).toBe(true);
        }
      }),
    );
  });

  it('assignBatch handles each contact once and leaves one waiting only when nobody could take it', () => {
    fc.assert(
      fc.property(agentsArb, contactsArb, (agents, contacts) => {
        const result = assignBatch(agents, contacts, NOW);
        const handled = [...result.assignments.map((x) => x.contactId), ...result.unassigned.map((c) => c.id)];
        expect([...handled].sort()).toEqual(contacts.map((c) => c.id).sort());
        // Loads only grow during a batch, so nobody eligible at the end means nobody was when it was skipped.
        for (const waiting of result.unassigned) {
          expect(result.agents.some((a) => eligible(a, waiting))).toBe(false);
        }
      }),
    );
  });

  it('selectAgent returns an eligible, not excluded agent, the best by the fairness order, or null only when none is', () => {
    fc.assert(
      fc.property(
        agentsArb,
        contactArb('c'),
        fc.subarray(Array.from({ length: 8 }, (_, i) => `agent-${i}`)),
        (agents, c, excludeAgentIds) => {
          const selection = selectAgent(agents, c, { excludeAgentIds });
          const candidates = agents.filter((a) => !excludeAgentIds.includes(a.id) && eligible(a, c));
          expect(selection.reason.length).toBeGreaterThan(0);
          if (selection.agent === null) {
            expect(candidates).toHaveLength(0);
            return;
          }
          expect(candidates).toContain(selection.agent);
          expect(hasSkills(selection.agent, c)).toBe(true);
          expect((selection.agent.load[c.medium] ?? 0) < capacityFor(selection.agent, c.medium)).toBe(true);
          for (const other of candidates) {
            const key = (a: AgentState) => [a.idleSince, totalLoad(a), a.id] as const;
            const [i1, l1, id1] = key(selection.agent);
            const [i2, l2, id2] = key(other);
            const better = i2 < i1 || (i2 === i1 && (l2 < l1 || (l2 === l1 && id2 < id1)));
            expect(better).toBe(false);
          }
        },
      ),
    );
  });

  it('aging serves everyone: any contact, having waited long enough, is first in the queue', () => {
    const policy = DEFAULT_PRIORITY_POLICY;
    const weights = Object.values(policy.mediumWeights);
    const bonuses = BONUSES;
    // The widest priority gap that waiting has to make up, plus the others' own waiting (up to an hour).
    const gapMinutes = (Math.max(...weights) + Math.max(...bonuses) - Math.min(...weights)) / policy.agingPerMinute;
    fc.assert(
      fc.property(contactArb('starving'), contactsArb, fc.integer({ min: 0, max: 10 ** 9 }), (c, others, extraMs) => {
        const boundMs = (gapMinutes + 60) * MINUTE + 1;
        const waited = { ...c, enqueuedAt: NOW - boundMs - extraMs };
        expect(orderQueue([...others, waited], NOW, policy)[0].id).toBe('starving');
      }),
    );
  });

  it('aging: a low-priority e-mail overtakes any fresh contact after a bounded wait', () => {
    fc.assert(
      fc.property(contactArb('fresh'), (fresh) => {
        const now = fresh.enqueuedAt;
        // Search the first whole minute at which the e-mail is served first: it must exist, and soon.
        let minutes = 0;
        const mail = (waited: number): ContactToRoute => ({
          ...fresh,
          id: 'mail',
          medium: 'email',
          priorityBonus: 0,
          enqueuedAt: now - waited * MINUTE,
        });
        while (minutes <= 1000 && orderQueue([fresh, mail(minutes)], now)[0].id !== 'mail') minutes++;
        // The widest gap is a fresh call with the largest target-segment bonus against a plain e-mail (20).
        expect(minutes).toBeLessThanOrEqual(100 + MAX_TARGET_SEGMENT_BONUS - 20);
      }),
    );
  });

  it('orderQueue serves every inbound contact before any campaign contact, whatever their priority and wait', () => {
    fc.assert(
      fc.property(contactsArb, fc.array(fc.boolean(), { maxLength: 25 }), (contacts, flags) => {
        const mixed = contacts.map((c, i) => ({ ...c, campaign: flags[i] ?? false }));
        const ordered = orderQueue(mixed, NOW);
        const firstCampaign = ordered.findIndex((c) => c.campaign);
        if (firstCampaign >= 0) expect(ordered.slice(firstCampaign).every((c) => c.campaign)).toBe(true);
        // Among themselves each kind keeps the priority order.
        const inbound = ordered.filter((c) => !c.campaign).map((c) => c.id);
        expect(inbound).toEqual(
          orderQueue(
            mixed.filter((c) => !c.campaign),
            NOW,
          ).map((c) => c.id),
        );
      }),
    );
  });

  it('orderQueue is the plain sort by (inbound first, priority, enqueued time, id), ties and duplicate ids kept in input order', () => {
    // The reference: an object per contact and one comparator, as the order is specified.
    const reference = (contacts: ContactToRoute[]) =>
      contacts
        .map((contact, at) => ({ contact, at, priority: contactPriority(contact, NOW) }))
        .sort(
          (a, b) =>
            Number(a.contact.campaign === true) - Number(b.contact.campaign === true) ||
            b.priority - a.priority ||
            a.contact.enqueuedAt - b.contact.enqueuedAt ||
            (a.contact.id < b.contact.id ? -1 : a.contact.id > b.contact.id ? 1 : 0) ||
            a.at - b.at,
        )
        .map(({ contact }) => contact);
    fc.assert(
      fc.property(contactsArb, fc.array(fc.tuple(fc.boolean(), fc.nat(4)), { maxLength: 25 }), (contacts, flags) => {
        // Few ids, so equal ids and fully equal keys occur; the same object may appear twice.
        const mixed = contacts.map((c, i) => ({
          ...c,
          id: `contact-${flags[i]?.[1] ?? i}`,
          campaign: flags[i]?.[0] ?? false,
        }));
        const withRepeats = [...mixed, ...mixed.slice(0, 3)];
        expect(orderQueue(withRepeats, NOW)).toEqual(reference(withRepeats));
      }),
      { numRuns: 300 },
    );
  });

  it('an agent with room for one call takes a waiting inbound call rather than a campaign call', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: NOW - 60 * MINUTE, max: NOW }),
        fc.integer({ min: NOW - 60 * MINUTE, max: NOW }),
        (inboundAt, campaignAt) => {
          const agent: AgentState = {
            id: 'agent-0',
            presence: 'available',
            skills: {},
            load: {},
            capacity: { voice: 1 },
            idleSince: NOW - MINUTE,
          };
          const call = { medium: 'voice' as const, channel: 'e_coverage' as const, language: 'ja' as const };
          const { assignments } = assignBatch(
            [agent],
            [
              { ...call, id: 'campaign', enqueuedAt: campaignAt, campaign: true },
              { ...call, id: 'inbound', enqueuedAt: inboundAt },
            ],
            NOW,
          );
          expect(assignments.map((a) => a.contactId)).toEqual(['inbound']);
        },
      ),
    );
  });
});
