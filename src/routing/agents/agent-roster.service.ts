import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Medium } from '../../contacts/contact.types';
import type { UserSkills } from '../../users/user.types';
import type { AgentState } from '../domain/agent-selection';
import type { DealSpecialist } from '../domain/deal-specialist-selection';
import { PresenceService } from './presence.service';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';

interface AgentRow {
  id: string;
  skills: UserSkills | null;
  capacity: Partial<Record<Medium, number>> | null;
  idle_since: Date;
}

interface LoadRow {
  agent_id: string;
  medium: Medium;
  n: number;
}

interface SpecialistRow {
  id: string;
  skills: UserSkills | null;
  territories: string[];
  industries: string[];
  max_open_leads: number;
  open_leads: number;
}

/**
 * Reads agents as the pure core sees them (AgentState, DealSpecialist): skills and capacity from
 * PostgreSQL, presence from Redis, load = active assignments + pending offers per medium (an offer
 * holds its place, so accepting it can never push the agent over capacity).
 */
/**
 * Who may take offers: inside-sales agents, and admins, who hold every role (as the AuthGuard has
 * it). An admin is offered contacts only while they set themselves available in the console, so the
 * bootstrap admin of a fresh install can try the whole flow without creating an agent first.
 */
const AGENT_ROLES = `ARRAY['agent', 'admin']::text[]`;

@Injectable()
export class AgentRoster {
  constructor(
    private readonly presence: PresenceService,
    private readonly db: TypeOrmUnitOfWork,
  ) {}

  /** Inside-sales agents who are available now, with their loads. */
  async available(manager: EntityManager = this.db.manager): Promise<AgentState[]> {
    const rows = await manager.query<AgentRow[]>(
      `SELECT u.id, u.skills, p.capacity, coalesce(p.idle_since, u.created_at) AS idle_since
         FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id
        WHERE u.active AND u.roles && ${AGENT_ROLES}`,
    );
    const presence = await this.presence.statuses(rows.map((r) => r.id));
    const available = rows.filter((r) => presence.get(r.id) === 'available');
    const loads = await this.loads(
      manager,
      available.map((r) => r.id),
    );
    return available.map((r) => toState(r, 'available', loads.get(r.id) ?? {}));
  }

  /** One agent as of now (call under the agent's lock to act on it); null when not an active agent. */
  async state(manager: EntityManager, agentId: string): Promise<AgentState | null> {
    const [row] = await manager.query<AgentRow[]>(
      `SELECT u.id, u.skills, p.capacity, coalesce(p.idle_since, u.created_at) AS idle_since
         FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id
        WHERE u.id = $1 AND u.active AND u.roles && ${AGENT_ROLES}`,
      [agentId],
    );
    if (!row) return null;
    const loads = await this.loads(manager, [agentId]);
    return toState(row, await this.presence.status(agentId), loads.get(agentId) ?? {});
  }

  /** Active deal specialists with their territories, industries and open field leads. */
  async dealSpecialists(manager: EntityManager = this.db.manager): Promise<DealSpecialist[]> {
    const rows = await manager.query<SpecialistRow[]>(
      `SELECT u.id, u.skills, coalesce(p.territories, '{}') AS territories, coalesce(p.industries, '{}') AS industries,
              coalesce(p.max_open_leads, 20) AS max_open_leads,
              (SELECT count(*)::int FROM lead l
                WHERE l.assignee_id = u.id AND l.route = 'field' AND l.maturity NOT IN ('won', 'lost')) AS open_leads
         FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id
        WHERE u.active AND 'deal_specialist' = ANY(u.roles)`,
    );
    return rows.map((r) => ({
      id: r.id,
      territories: r.territories,
      industries: r.industries,
      productLines: r.skills?.productLines ?? [],
      openLeads: r.open_leads,
      maxOpenLeads: r.max_open_leads,
      active: true,
    }));
  }

  private async loads(
    manager: EntityManager,
    agentIds: string[],
  ): Promise<Map<string, Partial<Record<Medium, number>>>> {
    const result = new Map<string, Partial<Record<Medium, number>>>();
    if (agentIds.length === 0) return result;
    const rows = await manager.query<LoadRow[]>(
      `SELECT agent_id, medium, count(*)::int AS n FROM (
         SELECT agent_id, medium FROM assignment WHERE ended_at IS NULL AND agent_id = ANY($1::uuid[])
         UNION ALL
         SELECT agent_id, medium FROM offer WHERE status = 'pending' AND agent_id = ANY($1::uuid[])
       ) AS held GROUP BY agent_id, medium`,
      [agentIds],
    );
    for (const row of rows) result.set(row.agent_id, { ...result.get(row.agent_id), [row.medium]: row.n });
    return result;
  }
}

function toState(row: AgentRow, presence: AgentState['presence'], load: AgentState['load']): AgentState {
  return {
    id: row.id,
    presence,
    skills: row.skills ?? {},
    load,
    capacity: row.capacity ?? {},
    idleSince: new Date(row.idle_since).getTime(),
  };
}
