import type { Medium } from '../../contacts/contact.types';
import { MEDIA } from '../../contacts/contact.types';
import {
  AgentSelection,
  AgentState,
  capacityFor,
  compareAgents,
  ContactToRoute,
  INELIGIBILITY_PHRASES,
  phraseOf,
  PREFERENCE_PHRASES,
  PreferredAgent,
  requiredSkills,
  totalLoad,
  whyIneligibleAsPreferred,
} from './agent-selection';

/**
 * selectAgent for large rosters: the same answer (agent and reason) as the scan in
 * agent-selection.ts, without looking at every agent.
 *
 * Agents get a slot in fairness order (longest idle, then fewest contacts held, then id), and a
 * bitset per requirement says which slots meet it: available, room in each medium, and for each
 * language, medium, channel and product line, "serves it" (the agent lists it or lists none). A
 * decision ANDs six bitsets word by word; the lowest set bit is the best agent, since slots are in
 * fairness order. 10,000 agents are 313 words per bitset, so a decision costs a few thousand
 * integer operations instead of 10,000 eligibility checks and a sort.
 *
 * The index is a value the caller keeps between decisions and updates as agents change (an offer
 * raises a load, an assignment's end moves idleSince to now). An agent whose fairness key moves
 * past every other agent's (the usual change: they just got work) is moved to a new slot at the
 * end; any other change re-sorts on the next decision.
 */
export class AgentIndex {
  /** Agents in the caller's order: the no-agent reason counts them in that order. */
  private readonly ordered: AgentState[] = [];
  private readonly position = new Map<string, number>();
  /** Slot -> agent in fairness order; null for slots vacated by a move to the end. */
  private slots: (AgentState | null)[] = [];
  private slotOf = new Map<string, number>();
  private words = 0;
  /** Filled slots. */
  private present = new Uint32Array(0);
  /** The caller's order -> slot. */
  private slotByInput = new Int32Array(0);
  /** Per slot: the agent's idleSince and totalLoad, for the tie-breaks without touching the agent. */
  private idleOf = new Float64Array(0);
  private loadOf = new Float64Array(0);
  /** Per medium, one bit per word: set when the word holds an available agent with room in the medium. */
  private summary = new Map<Medium, Uint32Array>();
  /** The no-agent reason's counts per group, then "already tried". */
  private readonly counts = new Int32Array(8);
  private available = new Uint32Array(0);
  private room = new Map<Medium, Uint32Array>();
  private readonly skills = {
    languages: new SkillBits(),
    media: new SkillBits(),
    channels: new SkillBits(),
    productLines: new SkillBits(),
  };
  private readonly dimensions = Object.values(this.skills);
  /** Every bit set: the requirement of a contact without a product line. */
  private everyone = new Uint32Array(0);
  private dirty = true;

  constructor(agents: readonly AgentState[] = []) {
    for (const agent of agents) this.upsert(agent);
  }

  get size(): number {
    return this.ordered.length;
  }

  /** The agent as the index has it, or undefined. */
  get(agentId: string): AgentState | undefined {
    const at = this.position.get(agentId);
    return at === undefined ? undefined : this.ordered[at];
  }

  /** Adds an agent or replaces the one with its id (new load, presence, idle time, skills). */
  upsert(agent: AgentState): void {
    const at = this.position.get(agent.id);
    if (at === undefined) {
      this.position.set(agent.id, this.ordered.length);
      this.ordered.push(agent);
      this.dirty = true;
      return;
    }
    const previous = this.ordered[at];
    this.ordered[at] = agent;
    if (this.dirty) return;
    const slot = this.slotOf.get(agent.id)!;
    const last = this.lastBefore(this.slots.length);
    // Skills are bitsets per value: a change of skills re-sorts, which is rare (an admin's edit).
    const sameSkills = previous.skills === agent.skills;
    if (sameSkills && last !== null && last.id === agent.id) {
      // Still last when it sorts after the agent before it: refill the same slot.
      const before = this.lastBefore(slot);
      if (before === null || compareAgents(agent, before) > 0) {
        this.clearSlot(slot);
        this.fillSlot(slot, agent);
        return;
      }
    } else if (sameSkills && last !== null && compareAgents(agent, last) > 0 && this.slots.length < this.words * 32) {
      this.clearSlot(slot);
      this.fillSlot(this.slots.length, agent);
      return;
    }
    this.dirty = true;
  }

  /** The same selection as selectAgent(agents, contact, options) over the indexed agents. */
  select(
    contact: ContactToRoute,
    options: { excludeAgentIds?: readonly string[]; preferred?: PreferredAgent | null } = {},
  ): AgentSelection {
    if (this.dirty) this.rebuild();
    const excluded: ReadonlySet<string> =
      options.excludeAgentIds && options.excludeAgentIds.length > 0 ? new Set(options.excludeAgentIds) : NONE;
    const preferred = options.preferred ?? null;
    if (!preferred) return this.selectAmong(contact, excluded);
    const phrase = PREFERENCE_PHRASES[preferred.kind];
    const agent = this.get(preferred.agentId);
    const passedOver = excluded.has(preferred.agentId)
      ? 'already tried'
      : !agent
        ? 'away or offline'
        : whyIneligibleAsPreferred(agent, contact);
    if (agent && passedOver === null) return { agent, reason: `preferred: ${phrase}` };
    const why = passedOver === 'already tried' || passedOver === 'away or offline' ? passedOver : phraseOf(passedOver);
    const fallback = this.selectAmong(contact, excluded);
    return { ...fallback, reason: `${fallback.reason} (${phrase} is ${why})` };
  }

  private selectAmong(contact: ContactToRoute, excluded: ReadonlySet<string>): AgentSelection {
    const available = this.available;
    const room = this.room.get(contact.medium)!;
    const language = this.skills.languages.allowing(contact.language);
    const medium = this.skills.media.allowing(contact.medium);
    const channel = this.skills.channels.allowing(contact.channel);
    // A contact without a product line requires no product skill.
    const productLine = contact.productLine ? this.skills.productLines.allowing(contact.productLine) : this.everyone;
    let excludedSlots = NO_SLOTS;
    let tried = 0;
    if (excluded.size > 0) {
      excludedSlots = new Set<number>();
      for (const id of excluded) {
        const slot = this.slotOf.get(id);
        if (slot === undefined) continue;
        tried++;
        excludedSlots.add(slot);
      }
    }
    const anyExcluded = excludedSlots.size > 0;
    // Only the words holding an available agent with room in the medium: the summary has a bit each.
    const summary = this.summary.get(contact.medium)!;
    let count = 0;
    let best = -1;
    for (let s = 0; s < summary.length; s++) {
      let present = summary[s];
      while (present !== 0) {
        const w = (s << 5) | lowestBit(present);
        present &= present - 1;
        let m = available[w] & room[w] & language[w] & medium[w] & channel[w] & productLine[w];
        if (m === 0) continue;
        count += popcount(m);
        if (best >= 0) continue;
        if (!anyExcluded) {
          best = (w << 5) | lowestBit(m);
          continue;
        }
        while (m !== 0) {
          const slot = (w << 5) | lowestBit(m);
          m &= m - 1;
          if (!excludedSlots.has(slot)) {
            best = slot;
            break;
          }
        }
      }
    }
    for (const slot of excludedSlots) {
      if (hasBit(available, room, language, medium, channel, productLine, slot)) count--;
    }

    if (best < 0) return { agent: null, reason: this.noAgentReason(contact, excludedSlots) };
    const chosen = this.slots[best]!;
    const skills = requiredSkills(contact);
    const excludedNote = tried > 0 ? ` (${tried} already tried)` : '';
    if (count === 1) return { agent: chosen, reason: `the only eligible agent with skills ${skills}${excludedNote}` };
    const pool = `${count} eligible agents with skills ${skills}${excludedNote}`;

    // Candidates after the best in slot order: the equally idle ones come right after it.
    const idleOf = this.idleOf;
    const loadOf = this.loadOf;
    const bestIdle = idleOf[best];
    const bestLoad = loadOf[best];
    let equallyIdle = 1;
    let equallyLoaded = 1;
    let stop = false;
    const used = this.usedWords();
    for (let w = best >>> 5; w < used && !stop; w++) {
      let m = available[w] & room[w] & language[w] & medium[w] & channel[w] & productLine[w];
      if (w === best >>> 5) m &= ~((2 << (best & 31)) - 1);
      while (m !== 0) {
        const slot = (w << 5) | lowestBit(m);
        m &= m - 1;
        if (anyExcluded && excludedSlots.has(slot)) continue;
        if (idleOf[slot] !== bestIdle) {
          stop = true;
          break;
        }
        equallyIdle++;
        if (loadOf[slot] === bestLoad) equallyLoaded++;
      }
    }
    if (equallyIdle === 1) return { agent: chosen, reason: `longest idle among ${pool}` };
    if (equallyLoaded === 1) {
      return {
        agent: chosen,
        reason: `fewest open contacts (${bestLoad}) among ${equallyIdle} equally idle of ${pool}`,
      };
    }
    return {
      agent: chosen,
      reason: `first by id among ${equallyLoaded} equally idle and equally loaded of ${pool}`,
    };
  }

  /**
   * noAgentReason of agent-selection.ts from the bitsets: each agent counted under its first
   * failing check (or as already tried), the groups in the order of their first agent in the
   * caller's order.
   */
  private noAgentReason(contact: ContactToRoute, excludedSlots: ReadonlySet<number>): string {
    const head = `no eligible agent for a ${contact.medium} contact with skills ${requiredSkills(contact)}`;
    if (this.ordered.length === 0) return `${head}: no agents`;
    const masks = this.masksFor(contact);
    const [available, room, language, medium, channel, productLine] = masks;
    const present = this.present;
    // Counts by popcount, word by word; the excluded agents then move to "already tried".
    const counts = this.counts;
    counts.fill(0);
    const used = this.usedWords();
    for (let w = 0; w < used; w++) {
      const p = present[w];
      if (p === 0) continue;
      const av = available[w];
      const l = av & language[w];
      const md = l & medium[w];
      const c = md & channel[w];
      const pl = c & productLine[w];
      counts[0] += popcount(p & ~av);
      if (av === 0) continue;
      counts[1] += popcount(av & ~language[w]);
      counts[2] += popcount(l & ~medium[w]);
      counts[3] += popcount(md & ~channel[w]);
      counts[4] += popcount(c & ~productLine[w]);
      counts[5] += popcount(pl & ~room[w]);
      counts[6] += popcount(pl & room[w]);
    }
    const tried = GROUPS.length;
    for (const slot of excludedSlots) {
      counts[this.groupOf(slot, masks)]--;
      counts[tried]++;
    }
    // Order: as the scan meets them in the caller's order; walk it until every group is met.
    let groups = 0;
    for (let g = 0; g <= tried; g++) if (counts[g] > 0) groups++;
    const order: number[] = [];
    let met = 0;
    for (let i = 0; i < this.ordered.length && order.length < groups; i++) {
      const slot = this.slotByInput[i];
      const group = excludedSlots.size > 0 && excludedSlots.has(slot) ? tried : this.groupOf(slot, masks);
      if ((met & (1 << group)) !== 0) continue;
      met |= 1 << group;
      order.push(group);
    }
    const parts = order.map((g) => {
      const group = g === tried ? 'tried' : GROUPS[g];
      const why =
        group === 'tried' ? 'already tried' : group === 'eligible' ? 'eligible' : INELIGIBILITY_PHRASES[group](contact);
      return `${counts[g]} ${why}`;
    });
    return `${head} among ${this.ordered.length}: ${parts.join(', ')}`;
  }

  /** The first of GROUPS a filled slot falls in. */
  private groupOf(slot: number, masks: Masks): number {
    const w = slot >>> 5;
    const bit = 1 << (slot & 31);
    const [available, room, language, medium, channel, productLine] = masks;
    if ((available[w] & bit) === 0) return 0;
    if ((language[w] & bit) === 0) return 1;
    if ((medium[w] & bit) === 0) return 2;
    if ((channel[w] & bit) === 0) return 3;
    if ((productLine[w] & bit) === 0) return 4;
    if ((room[w] & bit) === 0) return 5;
    return 6;
  }

  /** Words holding a filled slot: the slots after the last filled one are empty. */
  private usedWords(): number {
    return (this.slots.length + 31) >>> 5;
  }

  private masksFor(contact: ContactToRoute): Masks {
    return [
      this.available,
      this.room.get(contact.medium)!,
      this.skills.languages.allowing(contact.language),
      this.skills.media.allowing(contact.medium),
      this.skills.channels.allowing(contact.channel),
      // A contact without a product line requires no product skill.
      contact.productLine ? this.skills.productLines.allowing(contact.productLine) : this.everyone,
    ];
  }

  /** The agent in the highest filled slot below `end`. */
  private lastBefore(end: number): AgentState | null {
    for (let slot = end - 1; slot >= 0; slot--) {
      const agent = this.slots[slot];
      if (agent) return agent;
    }
    return null;
  }

  private rebuild(): void {
    const sorted = [...this.ordered].sort(compareAgents);
    // Room to move agents to the end without a re-sort: as many slots again, at least a word.
    this.words = Math.max(1, Math.ceil((sorted.length * 2) / 32));
    this.slots = [];
    this.slotOf = new Map();
    this.present = new Uint32Array(this.words);
    this.slotByInput = new Int32Array(this.ordered.length);
    this.idleOf = new Float64Array(this.words * 32);
    this.loadOf = new Float64Array(this.words * 32);
    this.available = new Uint32Array(this.words);
    this.room = new Map(MEDIA.map((m) => [m, new Uint32Array(this.words)]));
    this.summary = new Map(MEDIA.map((m) => [m, new Uint32Array((this.words + 31) >>> 5)]));
    this.everyone = new Uint32Array(this.words).fill(0xffffffff);
    for (const bitsOf of this.dimensions) bitsOf.reset(this.words);
    sorted.forEach((agent, slot) => this.fillSlot(slot, agent));
    this.dirty = false;
  }

  private fillSlot(slot: number, agent: AgentState): void {
    while (this.slots.length <= slot) this.slots.push(null);
    this.slots[slot] = agent;
    this.slotOf.set(agent.id, slot);
    setBit(this.present, slot);
    this.slotByInput[this.position.get(agent.id)!] = slot;
    this.idleOf[slot] = agent.idleSince;
    this.loadOf[slot] = totalLoad(agent);
    if (agent.presence === 'available') setBit(this.available, slot);
    for (const medium of MEDIA) {
      if ((agent.load[medium] ?? 0) < capacityFor(agent, medium)) setBit(this.room.get(medium)!, slot);
    }
    this.skills.languages.add(slot, agent.skills.languages);
    this.skills.media.add(slot, agent.skills.media);
    this.skills.channels.add(slot, agent.skills.channels);
    this.skills.productLines.add(slot, agent.skills.productLines);
    this.summarize(slot >>> 5);
  }

  private clearSlot(slot: number): void {
    this.slots[slot] = null;
    clearBit(this.present, slot);
    clearBit(this.available, slot);
    for (const medium of MEDIA) clearBit(this.room.get(medium)!, slot);
    for (const bitsOf of this.dimensions) bitsOf.remove(slot);
    this.summarize(slot >>> 5);
  }

  /** Sets or clears word w's bit in each medium's summary: whether it holds an available agent with room. */
  private summarize(w: number): void {
    const available = this.available[w];
    const bit = 1 << (w & 31);
    for (const medium of MEDIA) {
      const summary = this.summary.get(medium)!;
      if ((available & this.room.get(medium)![w]) !== 0) summary[w >>> 5] |= bit;
      else summary[w >>> 5] &= ~bit;
    }
  }
}

const NONE: ReadonlySet<string> = new Set();
const NO_SLOTS: Set<number> = new Set();

type Masks = readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/** Each agent's first failing check, in whyIneligible's order, then eligible. */
const GROUPS = ['not_available', 'language', 'medium', 'channel', 'product_line', 'at_capacity', 'eligible'] as const;

function hasBit(
  available: Uint32Array,
  room: Uint32Array,
  language: Uint32Array,
  medium: Uint32Array,
  channel: Uint32Array,
  productLine: Uint32Array,
  slot: number,
): boolean {
  const w = slot >>> 5;
  const m = available[w] & room[w] & language[w] & medium[w] & channel[w] & productLine[w];
  return ((m >>> (slot & 31)) & 1) === 1;
}

/** The index of the lowest set bit of a non-zero word. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function setBit(bits: Uint32Array, slot: number): void {
  bits[slot >>> 5] |= 1 << (slot & 31);
}

function clearBit(bits: Uint32Array, slot: number): void {
  bits[slot >>> 5] &= ~(1 << (slot & 31));
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * One skill dimension: for each value some agent lists, the slots of agents serving it (those
 * listing it and those listing none); `any` alone for values nobody lists.
 */
class SkillBits {
  private any = new Uint32Array(0);
  private readonly byValue = new Map<string, Uint32Array>();

  reset(words: number): void {
    this.any = new Uint32Array(words);
    this.byValue.clear();
  }

  allowing(value: string): Uint32Array {
    return this.byValue.get(value) ?? this.any;
  }

  add(slot: number, list: readonly string[] | undefined): void {
    if (!list || list.length === 0) {
      setBit(this.any, slot);
      for (const bits of this.byValue.values()) setBit(bits, slot);
      return;
    }
    for (const value of list) {
      let bits = this.byValue.get(value);
      if (!bits) {
        bits = new Uint32Array(this.any);
        this.byValue.set(value, bits);
      }
      setBit(bits, slot);
    }
  }

  remove(slot: number): void {
    clearBit(this.any, slot);
    for (const bits of this.byValue.values()) clearBit(bits, slot);
  }
}
