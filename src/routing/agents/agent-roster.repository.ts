import { Injectable } from '@nestjs/common';
import type { Medium } from '../../contacts/contact.types';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import type { UserSkills } from '../../users/user.types';
import type { DealSpecialist } from '../domain/deal-specialist-selection';

/** An agent who may take offers, as PostgreSQL knows them (presence is not here). */
export interface AgentRecord {
  id: string;
  skills: UserSkills;
  capacity: Partial<Record<Medium, number>>;
  idleSince: Date;
}

/** A staff member as transfers see them. */
export interface StaffMember {
  id: string;
  name: string;
  roles: string[];
  active: boolean;
}

/** Whether the staff member may be offered contacts (the roles of the roster). */
export const takesOffers = (member: Pick<StaffMember, 'roles' | 'active'>): boolean =>
  member.active && member.roles.some((r) => r === 'agent' || r === 'admin');

/** Contacts an agent holds per medium: active assignments plus pending offers. */
export type AgentLoad = Partial<Record<Medium, number>>;

interface AgentRow {
  id: string;
  skills: UserSkills | null;
  capacity: Partial<Record<Medium, number>> | null;
  idle_since: Date;
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
 * Who may take offers: inside-sales agents, and admins, who hold every role (as the AuthGuard has
 * it). An admin is offered contacts only while they set themselves available in the console, so the
 * bootstrap admin of a fresh install can try the whole flow without creating an agent first.
 */
const AGENT_ROLES = `ARRAY['agent', 'admin']::text[]`;

const SELECT_AGENT = `SELECT u.id, u.skills, p.capacity, coalesce(p.idle_since, u.created_at) AS idle_since
  FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id`;

/** SELECT_AGENT with the agent's load (active assignments plus pending offers) as a jsonb object. */
const SELECT_AGENT_WITH_LOAD = `SELECT u.id, u.skills, p.capacity, coalesce(p.idle_since, u.created_at) AS idle_since,
    (SELECT jsonb_object_agg(held.medium, held.n) FROM (
       SELECT medium, count(*)::int AS n FROM (
         SELECT medium FROM assignment WHERE ended_at IS NULL AND agent_id = u.id
         UNION ALL
         SELECT medium FROM offer WHERE status = 'pending' AND agent_id = u.id
       ) AS h GROUP BY medium) AS held) AS load
  FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id`;

/**
 * The roster as routing reads it: a read model of app_user joined with agent_profile (skills,
 * capacity, idle time), with loads from assignments and pending offers and deal specialists' open
 * field leads. Reads only.
 */
@Injectable()
export class AgentRosterRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** A staff member by id, active or not, with roles and name (who transfers to whom). */
  async staffMember(userId: string): Promise<StaffMember | null> {
    const [row] = await this.db.manager.query<StaffMember[]>(
      `SELECT id, name, roles, active FROM app_user WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  /** Active users who may take offers, by name: whom a contact may be transferred to. */
  async transferTargets(): Promise<{ id: string; name: string }[]> {
    return this.db.manager.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM app_user WHERE active AND roles && ${AGENT_ROLES} ORDER BY name, id`,
    );
  }

  /** Every active user who may take offers. */
  async agents(): Promise<AgentRecord[]> {
    const rows = await this.db.manager.query<AgentRow[]>(
      `${SELECT_AGENT} WHERE u.active AND u.roles && ${AGENT_ROLES}`,
    );
    return rows.map(toAgent);
  }

  /** One agent; null when not an active user who may take offers. */
  async agent(agentId: string): Promise<AgentRecord | null> {
    const [row] = await this.db.manager.query<AgentRow[]>(
      `${SELECT_AGENT} WHERE u.id = $1 AND u.active AND u.roles && ${AGENT_ROLES}`,
      [agentId],
    );
    return row ? toAgent(row) : null;
  }

  /** Every active user who may take offers, with what they hold per medium, in one statement. */
  async agentsWithLoads(): Promise<{ agent: AgentRecord; load: AgentLoad }[]> {
    const rows = await this.db.manager.query<(AgentRow & { load: AgentLoad | null })[]>(
      `${SELECT_AGENT_WITH_LOAD} WHERE u.active AND u.roles && ${AGENT_ROLES}`,
    );
    return rows.map((row) => ({ agent: toAgent(row), load: row.load ?? {} }));
  }

  /**
   * One agent with what they hold per medium, in one statement (the re-read under the agent's
   * lock that every offer makes); null when not an active user who may take offers.
   */
  async agentWithLoad(agentId: string): Promise<{ agent: AgentRecord; load: AgentLoad } | null> {
    const [row] = await this.db.manager.query<(AgentRow & { load: AgentLoad | null })[]>(
      `${SELECT_AGENT_WITH_LOAD} WHERE u.id = $1 AND u.active AND u.roles && ${AGENT_ROLES}`,
      [agentId],
    );
    return row ? { agent: toAgent(row), load: row.load ?? {} } : null;
  }

  /**
   * What each agent holds per medium: active assignments plus pending offers (an offer holds its
   * place, so accepting it can never push the agent over capacity). Agents holding nothing are absent.
   */
  async loads(agentIds: readonly string[]): Promise<Map<string, AgentLoad>> {
    const result = new Map<string, AgentLoad>();
    if (agentIds.length === 0) return result;
    const rows = await this.db.manager.query<{ agent_id: string; medium: Medium; n: number }[]>(
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

  /**
   * Active experts with the product lines (their profile's, else their skills') and industries
   * they know, for proposal teams.
   */
  async experts(): Promise<ExpertProfile[]> {
    const rows = await this.db.manager.query<
      {
        id: string;
        name: string;
        skills: { productLines?: string[] } | null;
        product_lines: string[] | null;
        industries: string[] | null;
      }[]
    >(
      `SELECT u.id, u.name, u.skills, p.product_lines, p.industries
         FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id
        WHERE u.active AND 'expert' = ANY(u.roles) ORDER BY u.id`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      productLines: r.product_lines && r.product_lines.length > 0 ? r.product_lines : (r.skills?.productLines ?? []),
      industries: r.industries ?? [],
    }));
  }

  /** Active deal specialists with their territories, industries and open field leads. */
  async dealSpecialists(): Promise<DealSpecialist[]> {
    const rows = await this.db.manager.query<SpecialistRow[]>(
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
}

/** An expert as proposal teams rank them. */
export interface ExpertProfile {
  id: string;
  name: string;
  productLines: string[];
  industries: string[];
}

function toAgent(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    skills: row.skills ?? {},
    capacity: row.capacity ?? {},
    idleSince: new Date(row.idle_since),
  };
}
