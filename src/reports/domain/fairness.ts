import { coefficientOfVariation, mean, round } from './stats';

/** One agent's assignments in the period, with the skills that make agents comparable. */
export interface AgentLoad {
  agentId: string;
  /** A canonical text of the agent's skills: agents with the same text are equally skilled. */
  skillKey: string;
  assignments: number;
}

export interface AgentFairness {
  agentId: string;
  /** How many equally skilled agents (this one included) share the work. */
  peers: number;
  /**
   * The agent's assignments over the mean of their equally skilled peers: 1 is exactly a fair share,
   * 0.5 half of it, 2 twice. null when the group had no assignments at all.
   */
  share: number | null;
  /**
   * The spread of assignments in the agent's group: the coefficient of variation (standard
   * deviation over mean) of the group's counts. 0 is perfectly even; null for no assignments.
   */
  groupSpread: number | null;
}

/**
 * Fairness of routing among equally skilled agents. Agents with different skills are not
 * expected to get the same work (an agent for Japanese fax is not an agent for e-Sales calls), so
 * the spread is taken within each group of identical skills only.
 */
export function fairness(loads: readonly AgentLoad[]): Map<string, AgentFairness> {
  const groups = new Map<string, AgentLoad[]>();
  for (const load of loads) {
    const group = groups.get(load.skillKey) ?? [];
    group.push(load);
    groups.set(load.skillKey, group);
  }
  const result = new Map<string, AgentFairness>();
  for (const group of groups.values()) {
    const counts = group.map((g) => g.assignments);
    const m = mean(counts);
    const spread = coefficientOfVariation(counts);
    for (const load of group) {
      result.set(load.agentId, {
        agentId: load.agentId,
        peers: group.length,
        share: m === null || m === 0 ? null : round(load.assignments / m, 4),
        groupSpread: spread,
      });
    }
  }
  return result;
}

/** The skills as one comparable text: object keys sorted at every level, arrays sorted too. */
export function skillKey(skills: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value))
      return value.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return JSON.stringify(canonical(skills ?? {}));
}
