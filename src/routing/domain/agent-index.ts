import type { Medium } from '../../contacts/contact.types';
import { MEDIA } from '../../contacts/contact.types';
import {
  AgentSelection,
  AgentState,
  capacityFor,
  compareAgents,
  compareIds,
  ContactToRoute,
  INELIGIBILITY_PHRASES,
  phraseOf,
  PREFERENCE_PHRASES,
  PreferredAgent,
  requiredSkills,
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
 * The reason names how many agents are eligible. Counting them is a pass over every word, while
 * the best agent is usually in the first few: so the count of each requirement (medium, language,
 * channel, product line) is taken by that pass the first time a contact asks for it, then kept as
 * agents change. A change moves one agent, whose skills stay; it changes a count only where the
 * agent gains or loses reach in a medium (presence, room), for the requirements their skills meet.
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
  private words = 0;
  /** Filled slots. */
  private present = new Uint32Array(0);
  /** The caller's order -> slot. */
  private slotByInput = new Int32Array(0);
  /** Slot -> the caller's order. */
  private inputOf = new Int32Array(0);
  /** Per slot: the agent's idleSince and totalLoad, for the tie-breaks without touching the agent. */
  private idleOf = new Float64Array(0);
  private loadOf = new Float64Array(0);
  private available = new Uint32Array(0);
  /** One bit per word holding an available agent. */
  private availableSummary = new Uint32Array(0);
  /** Filled slots and available agents. */
  private filled = 0;
  private availableCount = 0;
  /** Per medium (in MEDIA's order): room in it. */
  private room: Uint32Array[] = [];
  /** Per medium: available, room in it and serving it, the part of a decision that depends on the medium alone. */
  private reach: Uint32Array[] = [];
  /** The no-agent reason's counts per group, then "already tried". */
  private readonly counts = new Int32Array(8);
  /** The no-agent reason's scratch: one word of each group's bits, each group's lowest position. */
  private readonly groupBits = new Int32Array(7);
  private readonly lowest = new Float64Array(7);
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
  /** Per medium: the media dimension's bitset for it (the slots serving it). */
  private serving: Uint32Array[] = [];
  /**
   * Per agent in the caller's order: the capacity object last read and what it gives per medium
   * (capacities[input * MEDIA_COUNT + m]). Like skills, a capacity object the caller passes again
   * is taken as unchanged, so a change of load reads only the load.
   */
  private capacitySource: (AgentState['capacity'] | undefined)[] = [];
  private capacities = new Float64Array(0);
  /** The agent being placed: its load per medium, as readLoad read it. */
  private readonly held = new Float64Array(MEDIA_COUNT);
  /** Per agent in the caller's order: the media they serve (bit m for MEDIA_LIST[m]). */
  private servingOf = new Uint8Array(0);
  /** Per slot: the media in which its agent has reach (available, serving it, room in it). */
  private reachOf = new Uint8Array(0);
  /**
   * The id last looked up and its position: a dispatcher upserts the agent it was just given
   * (the one selected, the one it got), and positions never change.
   */
  private lastId: string | null = null;
  private lastAt = -1;
  /**
   * The requirements contacts asked for since the last rebuild, by requirementKey: at most one per
   * medium and combination of values some agent lists (a value nobody lists is served by the
   * agents listing none, like any other such value).
   */
  private readonly eligibleCounts = new Map<number, EligibleCount>();
  /** The same, per medium: a change of reach in a medium walks that medium's alone. */
  private eligibleByMedium: EligibleCount[][] = MEDIA_LIST.map(() => []);

  constructor(agents: readonly AgentState[] = []) {
    for (const agent of agents) this.upsert(agent);
  }

  get size(): number {
    return this.ordered.length;
  }

  /** The agent as the index has it, or undefined. */
  get(agentId: string): AgentState | undefined {
    const at = this.positionOf(agentId);
    return at === undefined ? undefined : this.ordered[at];
  }

  /** Adds an agent or replaces the one with its id (new load, presence, idle time, skills). */
  upsert(agent: AgentState): void {
    const at = this.positionOf(agent.id);
    if (at === undefined) {
      this.position.set(agent.id, this.ordered.length);
      this.ordered.push(agent);
      this.dirty = true;
      return;
    }
    const previous = this.ordered[at];
    this.ordered[at] = agent;
    if (this.dirty) return;
    const slot = this.slotByInput[at];
    // Skills are bitsets per value: a change of skills re-sorts, which is rare (an admin's edit).
    if (previous.skills === agent.skills) {
      const last = this.slots.length - 1;
      const load = this.readLoad(agent);
      if (last === slot) {
        // Still last when it sorts after the agent before it: refill the same slot.
        const before = this.filledBefore(slot);
        if (before < 0 || this.sortsAfter(agent, load, before)) {
          this.moveSlot(slot, slot, agent, load);
          return;
        }
      } else if (this.sortsAfter(agent, load, last)) {
        // Out of slots at the end: close the gaps the moves left, keeping the order.
        if (this.slots.length === this.words * 32) this.compact();
        this.slots.push(null);
        this.moveSlot(this.slotByInput[at], this.slots.length - 1, agent, load);
        return;
      }
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
    const m = MEDIUM_INDEX[contact.medium];
    const reach = this.reach[m];
    // The skills the contact requires, ANDed word by word with reach: three bitsets read in order
    // cost less than keeping a bitset of every combination up to date on each move (of each
    // combination asked for, only the count is kept).
    const eligible = this.eligibleFor(m, contact);
    const language = eligible.language;
    const channel = eligible.channel;
    const productLine = eligible.productLine;
    let excludedSlots = NO_SLOTS;
    let tried = 0;
    if (excluded.size > 0) {
      excludedSlots = new Set<number>();
      for (const id of excluded) {
        const at = this.position.get(id);
        if (at === undefined) continue;
        const slot = this.slotByInput[at];
        tried++;
        excludedSlots.add(slot);
      }
    }
    const anyExcluded = excludedSlots.size > 0;
    let count = eligible.count;
    for (const slot of excludedSlots) {
      const w = slot >>> 5;
      if ((reach[w] & language[w] & channel[w] & productLine[w] & (1 << (slot & 31))) !== 0) count--;
    }
    if (count === 0) return { agent: null, reason: this.noAgentReason(contact, excludedSlots) };

    // The first eligible slot, not excluded: the count says there is one. The words before the
    // first with an eligible slot, excluded or not, are skipped from now on.
    const used = this.usedWords();
    let best = -1;
    let start = eligible.firstWord;
    while (start < used && (reach[start] & language[start] & channel[start] & productLine[start]) === 0) start++;
    eligible.firstWord = start;
    for (let w = start; w < used && best < 0; w++) {
      let bits = reach[w] & language[w] & channel[w] & productLine[w];
      if (bits === 0) continue;
      if (!anyExcluded) {
        best = (w << 5) | lowestBit(bits);
        break;
      }
      while (bits !== 0) {
        const slot = (w << 5) | lowestBit(bits);
        bits &= bits - 1;
        if (!excludedSlots.has(slot)) {
          best = slot;
          break;
        }
      }
    }
    const chosen = this.slots[best]!;
    this.lastId = chosen.id;
    this.lastAt = this.inputOf[best];
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
    for (let w = best >>> 5; w < used && !stop; w++) {
      let bits = reach[w] & language[w] & channel[w] & productLine[w];
      if (w === best >>> 5) bits &= ~((2 << (best & 31)) - 1);
      while (bits !== 0) {
        const slot = (w << 5) | lowestBit(bits);
        bits &= bits - 1;
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
    // Counts by popcount, word by word, of the agents passing each check in turn; a group is the
    // difference of two of them. Only words with an available agent count past the first check.
    const counts = this.counts;
    let passLanguage = 0;
    let passMedium = 0;
    let passChannel = 0;
    let passProductLine = 0;
    let passRoom = 0;
    const summary = this.availableSummary;
    for (let s = 0; s < summary.length; s++) {
      let words = summary[s];
      while (words !== 0) {
        const w = (s << 5) | lowestBit(words);
        words &= words - 1;
        const l = available[w] & language[w];
        if (l === 0) continue;
        passLanguage += popcount(l);
        const md = l & medium[w];
        if (md === 0) continue;
        passMedium += popcount(md);
        const c = md & channel[w];
        if (c === 0) continue;
        passChannel += popcount(c);
        const pl = c & productLine[w];
        if (pl === 0) continue;
        passProductLine += popcount(pl);
        passRoom += popcount(pl & room[w]);
      }
    }
    counts[0] = this.filled - this.availableCount;
    counts[1] = this.availableCount - passLanguage;
    counts[2] = passLanguage - passMedium;
    counts[3] = passMedium - passChannel;
    counts[4] = passChannel - passProductLine;
    counts[5] = passProductLine - passRoom;
    counts[6] = passRoom;
    counts[7] = 0;
    const tried = GROUPS.length;
    for (const slot of excludedSlots) {
      counts[this.groupOf(slot, masks)]--;
      counts[tried]++;
    }
    // Order: as the scan meets them in the caller's order. The first agents in that order meet
    // the big groups; a group still unmet after them is found by its lowest position in the order.
    let groups = 0;
    for (let g = 0; g <= tried; g++) if (counts[g] > 0) groups |= 1 << g;
    const first = new Array<number>(tried + 1).fill(-1);
    let met = 0;
    const walk = Math.min(this.ordered.length, ORDER_WALK);
    for (let i = 0; i < walk && met !== groups; i++) {
      const slot = this.slotByInput[i];
      const group = excludedSlots.size > 0 && excludedSlots.has(slot) ? tried : this.groupOf(slot, masks);
      if ((met & (1 << group)) !== 0) continue;
      met |= 1 << group;
      first[group] = i;
    }
    const unmet = groups & ~met;
    if ((unmet & (1 << tried)) !== 0) first[tried] = this.firstInOrder(excludedSlots);
    if ((unmet & ~(1 << tried)) !== 0) this.firstOfGroups(unmet & ~(1 << tried), masks, excludedSlots, first);
    const order: number[] = [];
    for (let g = 0; g <= tried; g++) if ((groups & (1 << g)) !== 0) order.push(g);
    order.sort((x, y) => first[x] - first[y]);
    const parts = order.map((g) => {
      const group = g === tried ? 'tried' : GROUPS[g];
      const why =
        group === 'tried' ? 'already tried' : group === 'eligible' ? 'eligible' : INELIGIBILITY_PHRASES[group](contact);
      return `${counts[g]} ${why}`;
    });
    return `${head} among ${this.ordered.length}: ${parts.join(', ')}`;
  }

  /** The lowest position in the caller's order among the slots. */
  private firstInOrder(slots: Iterable<number>): number {
    let lowest = Infinity;
    for (const slot of slots) lowest = Math.min(lowest, this.inputOf[slot]);
    return lowest;
  }

  /**
   * For each group in the `groups` bitmask: the lowest position in the caller's order among its
   * agents (not excluded), into first[group]; one pass over the words for all of them.
   */
  private firstOfGroups(groups: number, masks: Masks, excludedSlots: ReadonlySet<number>, first: number[]): void {
    const [available, room, language, medium, channel, productLine] = masks;
    const present = this.present;
    const inputOf = this.inputOf;
    const lowest = this.lowest;
    lowest.fill(Infinity);
    const anyExcluded = excludedSlots.size > 0;
    const used = this.usedWords();
    const bitsOf = this.groupBits;
    for (let w = 0; w < used; w++) {
      const p = present[w];
      if (p === 0) continue;
      const av = p & available[w];
      const l = av & language[w];
      const md = l & medium[w];
      const c = md & channel[w];
      const pl = c & productLine[w];
      bitsOf[0] = p & ~av;
      bitsOf[1] = av & ~language[w];
      bitsOf[2] = l & ~medium[w];
      bitsOf[3] = md & ~channel[w];
      bitsOf[4] = c & ~productLine[w];
      bitsOf[5] = pl & ~room[w];
      bitsOf[6] = pl & room[w];
      for (let g = 0; g < GROUPS.length; g++) {
        if ((groups & (1 << g)) === 0) continue;
        let bits = bitsOf[g];
        while (bits !== 0) {
          const slot = (w << 5) | lowestBit(bits);
          bits &= bits - 1;
          if (anyExcluded && excludedSlots.has(slot)) continue;
          if (inputOf[slot] < lowest[g]) lowest[g] = inputOf[slot];
        }
      }
    }
    for (let g = 0; g < GROUPS.length; g++) if ((groups & (1 << g)) !== 0) first[g] = lowest[g];
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

  /**
   * The count kept for the contact's requirement, with its bitsets; the first time it is asked
   * for since the last rebuild, counted by a pass over the words.
   */
  private eligibleFor(m: number, contact: ContactToRoute): EligibleCount {
    const { languages, channels, productLines } = this.skills;
    const language = languages.idOf(contact.language);
    const channel = channels.idOf(contact.channel);
    // A contact without a product line requires no product skill: the id after every value's.
    const productLine = contact.productLine ? productLines.idOf(contact.productLine) : productLines.size + 1;
    const key = requirementKey(m, language, channel, productLine, this.skills);
    const known = this.eligibleCounts.get(key);
    if (known !== undefined) return known;
    const entry: EligibleCount = {
      count: 0,
      firstWord: 0,
      language: languages.bitsOf(language),
      channel: channels.bitsOf(channel),
      productLine: productLine > productLines.size ? this.everyone : productLines.bitsOf(productLine),
    };
    const reach = this.reach[m];
    const used = this.usedWords();
    let count = 0;
    for (let w = 0; w < used; w++)
      count += popcount(reach[w] & entry.language[w] & entry.channel[w] & entry.productLine[w]);
    entry.count = count;
    this.eligibleCounts.set(key, entry);
    this.eligibleByMedium[m].push(entry);
    return entry;
  }

  /** The agent's position in the caller's order, or undefined. */
  private positionOf(id: string): number | undefined {
    if (id === this.lastId) return this.lastAt;
    const at = this.position.get(id);
    if (at !== undefined) {
      this.lastId = id;
      this.lastAt = at;
    }
    return at;
  }

  /**
   * The agent now in the slot at bit tb of word tw gained reach in the media of `gained` and lost
   * it in those of `lost`: each count kept for such a medium, of a requirement their skills meet,
   * moves by one.
   */
  private recount(gained: number, lost: number, tw: number, tb: number): void {
    for (let m = 0; m < MEDIA_COUNT; m++) {
      const bit = 1 << m;
      if (((gained | lost) & bit) === 0) continue;
      const delta = (gained & bit) !== 0 ? 1 : -1;
      const counts = this.eligibleByMedium[m];
      for (let i = 0; i < counts.length; i++) {
        const kept = counts[i];
        if ((kept.language[tw] & kept.channel[tw] & kept.productLine[tw] & tb) !== 0) kept.count += delta;
      }
    }
  }

  /** Words holding a filled slot: the slots after the last filled one are empty. */
  private usedWords(): number {
    return (this.slots.length + 31) >>> 5;
  }

  private masksFor(contact: ContactToRoute): Masks {
    return [
      this.available,
      this.room[MEDIUM_INDEX[contact.medium]],
      this.skills.languages.allowing(contact.language),
      this.skills.media.allowing(contact.medium),
      this.skills.channels.allowing(contact.channel),
      // A contact without a product line requires no product skill.
      contact.productLine ? this.skills.productLines.allowing(contact.productLine) : this.everyone,
    ];
  }

  /** The highest filled slot below `end`, or -1. */
  private filledBefore(end: number): number {
    for (let slot = end - 1; slot >= 0; slot--) if (this.slots[slot]) return slot;
    return -1;
  }

  /** compareAgents(agent, the agent in `slot`) > 0, from the slot's idle time and load. */
  private sortsAfter(agent: AgentState, load: number, slot: number): boolean {
    return (
      (agent.idleSince - this.idleOf[slot] || load - this.loadOf[slot] || compareIds(agent.id, this.slots[slot]!.id)) >
      0
    );
  }

  private rebuild(): void {
    const sorted = [...this.ordered].sort(compareAgents);
    // Room to move agents to the end without a re-sort: SPARE times the agents, at least a word.
    this.words = Math.max(1, Math.ceil((sorted.length * SPARE) / 32));
    this.slots = [];
    this.capacitySource = new Array<AgentState['capacity'] | undefined>(this.ordered.length);
    this.capacities = new Float64Array(this.ordered.length * MEDIA_COUNT);
    this.servingOf = new Uint8Array(this.ordered.length);
    this.reachOf = new Uint8Array(this.words * 32);
    this.present = new Uint32Array(this.words);
    this.slotByInput = new Int32Array(this.ordered.length);
    this.idleOf = new Float64Array(this.words * 32);
    this.inputOf = new Int32Array(this.words * 32);
    this.loadOf = new Float64Array(this.words * 32);
    this.available = new Uint32Array(this.words);
    this.availableSummary = new Uint32Array((this.words + 31) >>> 5);
    this.filled = 0;
    this.availableCount = 0;
    this.room = MEDIA_LIST.map(() => new Uint32Array(this.words));
    this.reach = MEDIA_LIST.map(() => new Uint32Array(this.words));
    this.everyone = new Uint32Array(this.words).fill(0xffffffff);
    for (const bitsOf of this.dimensions) bitsOf.reset(this.words);
    // Skills may have changed: every count is taken again when next asked for.
    this.eligibleCounts.clear();
    this.eligibleByMedium = MEDIA_LIST.map(() => []);
    for (let slot = 0; slot < sorted.length; slot++) this.fillSlot(slot, sorted[slot]);
    // The skill values are all known now: derive the per-medium words once.
    this.resolveServing();
    for (let w = 0; w < this.words; w++) this.derive(w);
    this.dirty = false;
  }

  /**
   * Moves the filled slots, already in fairness order, to the start: every bitset keeps its bits
   * for the agents, in their new slots, without a sort or a look at the agents. In place, front to
   * back: slot k takes the k-th filled slot, never before k, so each is read before it is written.
   * The kept counts stay (nobody's reach changed); where their search starts does not.
   */
  private compact(): void {
    const from = new Int32Array(this.filled);
    const present = this.present;
    let k = 0;
    for (let w = 0; w < this.words; w++) {
      let bits = present[w];
      while (bits !== 0) {
        from[k++] = (w << 5) | lowestBit(bits);
        bits &= bits - 1;
      }
    }
    const { slots, idleOf, loadOf, inputOf, reachOf, slotByInput } = this;
    for (k = 0; k < from.length; k++) {
      const slot = from[k];
      slots[k] = slots[slot];
      idleOf[k] = idleOf[slot];
      loadOf[k] = loadOf[slot];
      inputOf[k] = inputOf[slot];
      reachOf[k] = reachOf[slot];
      slotByInput[inputOf[k]] = k;
    }
    slots.length = from.length;
    reachOf.fill(0, from.length);
    compactBits(this.present, from);
    compactBits(this.available, from);
    for (const room of this.room) compactBits(room, from);
    for (const bitsOf of this.dimensions) bitsOf.compact(from);
    for (const kept of this.eligibleCounts.values()) kept.firstWord = 0;
    this.availableSummary.fill(0);
    for (let w = 0; w < this.words; w++) this.derive(w);
  }

  /** The media dimension's bitset for each medium, looked up once per rebuild or compaction. */
  private resolveServing(): void {
    this.serving = MEDIA_LIST.map((medium) => this.skills.media.allowing(medium));
  }

  /** Fills the next slot during a rebuild; the derived bitsets are computed once at its end. */
  private fillSlot(slot: number, agent: AgentState): void {
    this.slots.push(agent);
    setBit(this.present, slot);
    this.filled++;
    const input = this.position.get(agent.id)!;
    this.slotByInput[input] = slot;
    this.inputOf[slot] = input;
    this.idleOf[slot] = agent.idleSince;
    this.loadOf[slot] = this.readLoad(agent);
    if (agent.presence === 'available') {
      setBit(this.available, slot);
      this.availableCount++;
    }
    const capacity = this.capacityAt(input, agent);
    let room = 0;
    for (let m = 0; m < MEDIA_COUNT; m++) {
      if (this.held[m] >= this.capacities[capacity + m]) continue;
      setBit(this.room[m], slot);
      room |= 1 << m;
    }
    this.servingOf[input] = servingMask(agent.skills.media);
    this.reachOf[slot] = agent.presence === 'available' ? room & this.servingOf[input] : 0;
    this.skills.languages.add(slot, agent.skills.languages);
    this.skills.media.add(slot, agent.skills.media);
    this.skills.channels.add(slot, agent.skills.channels);
    this.skills.productLines.add(slot, agent.skills.productLines);
  }

  /**
   * Moves an agent whose skills did not change from slot `from` to slot `to` (or refills `from`
   * when they are the same): presence, room and fairness key from the agent (`load` and the loads
   * per medium as readLoad just read them), skills copied bit by bit, without looking up the skill
   * values again. Reach is set bit by bit from the agent's media: a move touches two words of it.
   */
  private moveSlot(from: number, to: number, agent: AgentState, load: number): void {
    const input = this.inputOf[from];
    const fw = from >>> 5;
    const fb = 1 << (from & 31);
    const tw = to >>> 5;
    const tb = 1 << (to & 31);
    const reachBefore = this.reachOf[from];
    this.slots[from] = null;
    this.slots[to] = agent;
    this.present[fw] &= ~fb;
    this.present[tw] |= tb;
    this.slotByInput[input] = to;
    this.inputOf[to] = input;
    this.idleOf[to] = agent.idleSince;
    this.loadOf[to] = load;
    if ((this.available[fw] & fb) !== 0) {
      this.available[fw] &= ~fb;
      this.availableCount--;
    }
    if (agent.presence === 'available') {
      this.available[tw] |= tb;
      this.availableCount++;
    }
    const capacity = this.capacityAt(input, agent);
    const held = this.held;
    const capacities = this.capacities;
    let roomMask = 0;
    for (let m = 0; m < MEDIA_COUNT; m++) {
      const room = this.room[m];
      room[fw] &= ~fb;
      if (held[m] < capacities[capacity + m]) {
        room[tw] |= tb;
        roomMask |= 1 << m;
      }
    }
    const reachAfter = agent.presence === 'available' ? roomMask & this.servingOf[input] : 0;
    this.reachOf[from] = 0;
    this.reachOf[to] = reachAfter;
    for (let m = 0; m < MEDIA_COUNT; m++) {
      const reach = this.reach[m];
      reach[fw] &= ~fb;
      if ((reachAfter & (1 << m)) !== 0) reach[tw] |= tb;
    }
    const summary = this.availableSummary;
    if (this.available[fw] === 0) summary[fw >>> 5] &= ~(1 << (fw & 31));
    if (this.available[tw] !== 0) summary[tw >>> 5] |= 1 << (tw & 31);
    const dimensions = this.dimensions;
    for (let d = 0; d < dimensions.length; d++) dimensions[d].moveBit(fw, fb, tw, tb);
    if (reachAfter !== reachBefore && this.eligibleCounts.size > 0) {
      this.recount(reachAfter & ~reachBefore, reachBefore & ~reachAfter, tw, tb);
    }
  }

  /**
   * totalLoad(agent), in the same one pass over the load's keys filling `held` with the load per
   * medium (0 for a medium it does not name): reading each medium by name costs five lookups a
   * move on load objects of many shapes.
   */
  private readLoad(agent: AgentState): number {
    const held = this.held;
    held.fill(0);
    const load = agent.load;
    let sum = 0;
    for (const medium in load) {
      const n = load[medium as Medium] ?? 0;
      sum += n;
      const m = MEDIUM_INDEX[medium as Medium];
      if (typeof m === 'number') held[m] = n;
    }
    return sum;
  }

  /** Where the capacities of the agent at `input` start in `capacities`, read again when its capacity object changed. */
  private capacityAt(input: number, agent: AgentState): number {
    const at = input * MEDIA_COUNT;
    if (this.capacitySource[input] !== agent.capacity) {
      for (let m = 0; m < MEDIA_COUNT; m++) this.capacities[at + m] = capacityFor(agent, MEDIA_LIST[m]);
      this.capacitySource[input] = agent.capacity;
    }
    return at;
  }

  /** Recomputes word w of the derived bitsets: the available summary, reach per medium. */
  private derive(w: number): void {
    const available = this.available[w];
    const bit = 1 << (w & 31);
    const s = w >>> 5;
    if (available !== 0) this.availableSummary[s] |= bit;
    else this.availableSummary[s] &= ~bit;
    const serving = this.serving;
    for (let m = 0; m < MEDIA_COUNT; m++) {
      this.reach[m][w] = available & this.room[m][w] & serving[m][w];
    }
  }
}

const NONE: ReadonlySet<string> = new Set();
/** MEDIA read once: the hot loops index a plain array. */
const MEDIA_LIST: readonly Medium[] = [...MEDIA];
const MEDIA_COUNT = MEDIA_LIST.length;
const MEDIUM_INDEX = Object.fromEntries(MEDIA_LIST.map((m, i) => [m, i])) as Record<Medium, number>;
/** Slots per agent: moves to the end use the spare ones, and a re-sort comes when they run out. */
const SPARE = 2;
/** Agents in the caller's order the no-agent reason walks before looking up the groups still unmet. */
const ORDER_WALK = 64;
const NO_SLOTS: Set<number> = new Set();

/** The agents meeting one requirement, with the requirement's skill ids and bitsets. */
interface EligibleCount {
  count: number;
  /**
   * No eligible slot lies in a word before this one: the search for the best starts here. Slots
   * gain an agent only at the end, past every word a search found, and compaction resets it.
   */
  firstWord: number;
  language: Uint32Array;
  channel: Uint32Array;
  productLine: Uint32Array;
}

/** One number per (medium, language, channel, product line) of skill ids, while the values known stay the same. */
function requirementKey(
  m: number,
  language: number,
  channel: number,
  productLine: number,
  skills: { languages: SkillBits; channels: SkillBits; productLines: SkillBits },
): number {
  // Ids run from 0 (a value nobody lists) to size; product lines one further (no product line).
  return (
    ((m * (skills.languages.size + 1) + language) * (skills.channels.size + 1) + channel) *
      (skills.productLines.size + 2) +
    productLine
  );
}

type Masks = readonly [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/** Each agent's first failing check, in whyIneligible's order, then eligible. */
const GROUPS = ['not_available', 'language', 'medium', 'channel', 'product_line', 'at_capacity', 'eligible'] as const;

/** The media a skill list serves, bit m for MEDIA_LIST[m]: all of them for an empty or absent list. */
function servingMask(media: readonly string[] | undefined): number {
  if (!media || media.length === 0) return (1 << MEDIA_COUNT) - 1;
  let mask = 0;
  for (let m = 0; m < MEDIA_COUNT; m++) if (media.includes(MEDIA_LIST[m])) mask |= 1 << m;
  return mask;
}

/** The index of the lowest set bit of a non-zero word. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function setBit(bits: Uint32Array, slot: number): void {
  bits[slot >>> 5] |= 1 << (slot & 31);
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
  /** byValue's bitsets, to walk without an iterator; a value's id is its position plus one. */
  private values: Uint32Array[] = [];
  private readonly ids = new Map<string, number>();

  reset(words: number): void {
    this.any = new Uint32Array(words);
    this.byValue.clear();
    this.values = [];
    this.ids.clear();
  }

  /** The values some agent lists. */
  get size(): number {
    return this.values.length;
  }

  /** 1 to size for a value some agent lists, 0 for one nobody lists (served by `any` alone). */
  idOf(value: string): number {
    return this.ids.get(value) ?? 0;
  }

  bitsOf(id: number): Uint32Array {
    return id === 0 ? this.any : this.values[id - 1];
  }

  /** Every bitset renumbered by AgentIndex.compact: slot k takes the bit of slot from[k]. */
  compact(from: Int32Array): void {
    compactBits(this.any, from);
    const values = this.values;
    for (let i = 0; i < values.length; i++) compactBits(values[i], from);
  }

  allowing(value: string): Uint32Array {
    return this.byValue.get(value) ?? this.any;
  }

  add(slot: number, list: readonly string[] | undefined): void {
    const w = slot >>> 5;
    const bit = 1 << (slot & 31);
    if (!list || list.length === 0) {
      this.any[w] |= bit;
      const values = this.values;
      for (let i = 0; i < values.length; i++) values[i][w] |= bit;
      return;
    }
    for (const value of list) {
      let bits = this.byValue.get(value);
      if (!bits) {
        bits = new Uint32Array(this.any);
        this.byValue.set(value, bits);
        this.values.push(bits);
        this.ids.set(value, this.values.length);
      }
      bits[w] |= bit;
    }
  }

  /** Moves the slot with bit `fb` of word `fw` to bit `tb` of word `tw` in every bitset. */
  moveBit(fw: number, fb: number, tw: number, tb: number): void {
    moveBit(this.any, fw, fb, tw, tb);
    const values = this.values;
    for (let i = 0; i < values.length; i++) moveBit(values[i], fw, fb, tw, tb);
  }
}

/** Bit k of `bits` takes the bit from[k] had (from ascending, from[k] >= k); the bits past them cleared. */
function compactBits(bits: Uint32Array, from: Int32Array): void {
  let word = 0;
  const n = from.length;
  for (let k = 0; k < n; k++) {
    const slot = from[k];
    word |= ((bits[slot >>> 5] >>> (slot & 31)) & 1) << (k & 31);
    if ((k & 31) === 31) {
      bits[k >>> 5] = word;
      word = 0;
    }
  }
  let w = n >>> 5;
  if ((n & 31) !== 0) bits[w++] = word;
  bits.fill(0, w);
}

function moveBit(bits: Uint32Array, fw: number, fb: number, tw: number, tb: number): void {
  if ((bits[fw] & fb) === 0) return;
  bits[fw] &= ~fb;
  bits[tw] |= tb;
}
