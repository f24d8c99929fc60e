import { Injectable } from '@nestjs/common';
import type { AgentState, Presence } from '../domain/agent-selection';
import type { DealSpecialist } from '../domain/deal-specialist-selection';
import { AgentLoad, AgentRecord, AgentRosterRepository, type ExpertProfile } from './agent-roster.repository';
import { PresenceStore } from './presence.store';

/**
 * Reads agents as the pure core sees them (AgentState, DealSpecialist): skills and capacity from
 * PostgreSQL, presence from the presence store, load = active assignments + pending offers per
 * medium. Reads join the running unit of work, if any.
 */
@Injectable()
export class AgentRoster {
  constructor(
    private readonly roster: AgentRosterRepository,
    private readonly presence: PresenceStore,
  ) {}

  /** Inside-sales agents who are available now, with their loads. */
  async available(): Promise<AgentState[]> {
    // Loads come with the agents (one round trip), presence from the presence store.
    const agents = await this.roster.agentsWithLoads();
    const presence = await this.presence.statuses(agents.map(({ agent }) => agent.id));
    return agents
      .filter(({ agent }) => presence.get(agent.id) === 'available')
      .map(({ agent, load }) => toState(agent, 'available', load));
  }

  /** One agent as of now (call under the agent's lock to act on it); null when not an active agent. */
  async state(agentId: string): Promise<AgentState | null> {
    const found = await this.roster.agentWithLoad(agentId);
    if (!found) return null;
    return toState(found.agent, await this.presence.status(agentId), found.load);
  }

  /** Active deal specialists with their territories, industries and open field leads. */
  dealSpecialists(): Promise<DealSpecialist[]> {
    return this.roster.dealSpecialists();
  }

  /** Active experts with their product lines and industries, for proposal teams. */
  experts(): Promise<ExpertProfile[]> {
    return this.roster.experts();
  }
}

function toState(agent: AgentRecord, presence: Presence, load: AgentLoad): AgentState {
  return {
    id: agent.id,
    presence,
    skills: agent.skills,
    load,
    capacity: agent.capacity,
    idleSince: agent.idleSince.getTime(),
  };
}
