import { jsonbParam } from '../../common/json';
import { Injectable } from '@nestjs/common';
import type { Medium } from '../../contacts/contact.types';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import type { Presence } from '../domain/agent-selection';

/** A user with their routing profile (all profile fields null when none was ever written). */
export interface ProfileRecord {
  userId: string;
  name: string;
  roles: string[];
  createdAt: Date;
  capacity: Partial<Record<Medium, number>> | null;
  territories: string[] | null;
  industries: string[] | null;
  productLines: string[] | null;
  maxOpenLeads: number | null;
  presenceChangedAt: Date | null;
  idleSince: Date | null;
}

/** Fields of a profile to change; undefined keeps the value. */
export interface ProfilePatch {
  capacity?: Partial<Record<Medium, number>>;
  territories?: string[];
  industries?: string[];
  productLines?: string[];
  maxOpenLeads?: number;
}

/** Presence as PostgreSQL records it (the durable record; the live value is in the PresenceStore). */
export interface RecordedPresence {
  agentId: string;
  presence: Presence;
  changedAt: Date | null;
}

interface ProfileRow {
  id: string;
  name: string;
  roles: string[];
  created_at: Date;
  capacity: Partial<Record<Medium, number>> | null;
  territories: string[] | null;
  industries: string[] | null;
  product_lines: string[] | null;
  max_open_leads: number | null;
  presence_changed_at: Date | null;
  idle_since: Date | null;
}

/** A read of app_user joined with the profile: names and roles are shown with routing's data. */
const SELECT_PROFILE = `SELECT u.id, u.name, u.roles, u.created_at, p.capacity, p.territories, p.industries,
  p.product_lines, p.max_open_leads, p.presence_changed_at, p.idle_since FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id`;

/** The agent_profile table: routing's record of each agent (capacity, presence, idle time). */
@Injectable()
export class AgentProfileRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * The per-agent capacity lock: a transaction-scoped advisory lock. Every offer to an agent is
   * created under it, after re-reading the agent's load and presence, and every presence change is
   * written under it; so two processes offering to the same agent at once are serialized and the
   * second sees the first one's offer. Lock order everywhere: offer row -> contact row -> agent lock
   * (and lead row -> handoff row), so no two transactions wait on each other in a circle.
   */
  async lockCapacity(agentId: string): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 3))', [
      `agent.capacity\n${agentId}`,
    ]);
  }

  /**
   * The capacity lock without waiting: true when this transaction now holds it, false when
   * another holds it (that transaction is offering to the agent right now). Dispatch claims agents
   * this way, so concurrent dispatches move on to the next best agent instead of queueing on one
   * agent's lock with a pool connection held.
   */
  async tryLockCapacity(agentId: string): Promise<boolean> {
    const [row] = await this.db.manager.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 3)) AS locked',
      [`agent.capacity\n${agentId}`],
    );
    return row.locked;
  }

  /** The agent finished work: longest-idle ordering counts from now. */
  async markIdle(agentId: string): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO agent_profile (user_id, idle_since) VALUES ($1, now())
       ON CONFLICT (user_id) DO UPDATE SET idle_since = now(), updated_at = now()`,
      [agentId],
    );
  }

  /** The agent's configured capacity for a medium; null when it uses the default. */
  async capacityOf(agentId: string, medium: Medium): Promise<number | null> {
    const [row] = await this.db.manager.query<{ capacity: number | null }[]>(
      `SELECT (capacity ->> $2)::int AS capacity FROM agent_profile WHERE user_id = $1`,
      [agentId, medium],
    );
    return row?.capacity ?? null;
  }

  /** Records a presence change; returns `presence_changed_at` as written. */
  async recordPresence(agentId: string, presence: Presence): Promise<Date> {
    const [row] = await this.db.manager.query<{ presence_changed_at: Date }[]>(
      `INSERT INTO agent_profile (user_id, presence, presence_changed_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET presence = $2, presence_changed_at = now(), updated_at = now()
       RETURNING presence_changed_at`,
      [agentId, presence],
    );
    return new Date(row.presence_changed_at);
  }

  /** The agent's recorded presence; null without a profile. */
  async presenceOf(agentId: string): Promise<RecordedPresence | null> {
    const [row] = await this.db.manager.query<PresenceRow[]>(
      `SELECT user_id, presence, presence_changed_at FROM agent_profile WHERE user_id = $1`,
      [agentId],
    );
    return row ? toPresence(row) : null;
  }

  /** Agents recorded available or away. */
  async recordedPresent(): Promise<RecordedPresence[]> {
    const rows = await this.db.manager.query<PresenceRow[]>(
      `SELECT user_id, presence, presence_changed_at FROM agent_profile WHERE presence IN ('available', 'away')`,
    );
    return rows.map(toPresence);
  }

  /** Agents' and deal specialists' profiles, by name. */
  async listProfiles(): Promise<ProfileRecord[]> {
    const rows = await this.db.manager.query<ProfileRow[]>(
      `${SELECT_PROFILE} WHERE u.roles && ARRAY['agent', 'deal_specialist']::text[] ORDER BY u.name, u.id`,
    );
    return rows.map(toProfile);
  }

  /** A user's profile; null when there is no such user. */
  async profileOf(userId: string): Promise<ProfileRecord | null> {
    const [row] = await this.db.manager.query<ProfileRow[]>(`${SELECT_PROFILE} WHERE u.id = $1`, [userId]);
    return row ? toProfile(row) : null;
  }

  /** Writes the given fields of a profile, creating it with defaults for the others. */
  async saveProfile(userId: string, patch: ProfilePatch): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO agent_profile (user_id, capacity, territories, industries, max_open_leads, product_lines)
       VALUES ($1, coalesce($2::jsonb, '{}'), coalesce($3::text[], '{}'), coalesce($4::text[], '{}'), coalesce($5, 20),
               coalesce($6::text[], '{}'))
       ON CONFLICT (user_id) DO UPDATE SET
         product_lines = coalesce($6::text[], agent_profile.product_lines),
         capacity = coalesce($2::jsonb, agent_profile.capacity),
         territories = coalesce($3::text[], agent_profile.territories),
         industries = coalesce($4::text[], agent_profile.industries),
         max_open_leads = coalesce($5, agent_profile.max_open_leads),
         updated_at = now()`,
      [
        userId,
        patch.capacity ? jsonbParam({ ...patch.capacity }) : null,
        patch.territories ?? null,
        patch.industries ?? null,
        patch.maxOpenLeads ?? null,
        patch.productLines ?? null,
      ],
    );
  }
}

interface PresenceRow {
  user_id: string;
  presence: Presence;
  presence_changed_at: Date | null;
}

function toPresence(row: PresenceRow): RecordedPresence {
  return {
    agentId: row.user_id,
    presence: row.presence,
    changedAt: row.presence_changed_at ? new Date(row.presence_changed_at) : null,
  };
}

function toProfile(row: ProfileRow): ProfileRecord {
  return {
    userId: row.id,
    name: row.name,
    roles: row.roles,
    createdAt: new Date(row.created_at),
    capacity: row.capacity,
    territories: row.territories,
    industries: row.industries,
    productLines: row.product_lines,
    maxOpenLeads: row.max_open_leads,
    presenceChangedAt: row.presence_changed_at ? new Date(row.presence_changed_at) : null,
    idleSince: row.idle_since ? new Date(row.idle_since) : null,
  };
}
