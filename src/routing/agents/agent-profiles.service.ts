import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../../common/domain-error';
import { MEDIA, Medium } from '../../contacts/contact.types';
import { DEFAULT_CAPACITY } from '../domain/agent-selection';
import type { AgentProfileView, PutAgentProfileDto } from './agent-profile.dto';
import { PresenceService } from './presence.service';

interface ProfileRow {
  id: string;
  name: string;
  roles: string[];
  capacity: Partial<Record<Medium, number>> | null;
  territories: string[] | null;
  industries: string[] | null;
  max_open_leads: number | null;
  presence_changed_at: Date | null;
  idle_since: Date | null;
  created_at: Date;
}

/** Agents' and deal specialists' routing profiles, with live presence and load, for supervisors. */
@Injectable()
export class AgentProfilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly presence: PresenceService,
  ) {}

  async list(): Promise<AgentProfileView[]> {
    return this.views(
      await this.dataSource.query<ProfileRow[]>(
        `${SELECT} WHERE u.roles && ARRAY['agent', 'deal_specialist']::text[] ORDER BY u.name, u.id`,
      ),
    );
  }

  async get(userId: string): Promise<AgentProfileView> {
    const [view] = await this.views(await this.dataSource.query<ProfileRow[]>(`${SELECT} WHERE u.id = $1`, [userId]));
    if (!view) throw notFound('user', userId);
    return view;
  }

  async put(userId: string, dto: PutAgentProfileDto): Promise<AgentProfileView> {
    const [user] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM app_user WHERE id = $1`, [userId]);
    if (!user) throw notFound('user', userId);
    await this.dataSource.query(
      `INSERT INTO agent_profile (user_id, capacity, territories, industries, max_open_leads)
       VALUES ($1, coalesce($2::jsonb, '{}'), coalesce($3::text[], '{}'), coalesce($4::text[], '{}'), coalesce($5, 20))
       ON CONFLICT (user_id) DO UPDATE SET
         capacity = coalesce($2::jsonb, agent_profile.capacity),
         territories = coalesce($3::text[], agent_profile.territories),
         industries = coalesce($4::text[], agent_profile.industries),
         max_open_leads = coalesce($5, agent_profile.max_open_leads),
         updated_at = now()`,
      [
        userId,
        dto.capacity ? JSON.stringify({ ...dto.capacity }) : null,
        dto.territories ?? null,
        dto.industries ?? null,
        dto.maxOpenLeads ?? null,
      ],
    );
    return this.get(userId);
  }

  private async views(rows: ProfileRow[]): Promise<AgentProfileView[]> {
    const ids = rows.map((r) => r.id);
    const presence = await this.presence.statuses(ids);
    const loads = await this.dataSource.query<{ agent_id: string; medium: Medium; n: number }[]>(
      `SELECT agent_id, medium, count(*)::int AS n FROM (
         SELECT agent_id, medium FROM assignment WHERE ended_at IS NULL AND agent_id = ANY($1::uuid[])
         UNION ALL SELECT agent_id, medium FROM offer WHERE status = 'pending' AND agent_id = ANY($1::uuid[])
       ) AS held GROUP BY agent_id, medium`,
      [ids],
    );
    return rows.map((r) => ({
      userId: r.id,
      name: r.name,
      roles: r.roles,
      presence: presence.get(r.id) ?? 'offline',
      capacity: Object.fromEntries(MEDIA.map((m) => [m, r.capacity?.[m] ?? DEFAULT_CAPACITY[m]])),
      load: Object.fromEntries(loads.filter((l) => l.agent_id === r.id).map((l) => [l.medium, l.n])),
      territories: r.territories ?? [],
      industries: r.industries ?? [],
      maxOpenLeads: r.max_open_leads ?? 20,
      presenceChangedAt: r.presence_changed_at ? new Date(r.presence_changed_at).toISOString() : null,
      idleSince: new Date(r.idle_since ?? r.created_at).toISOString(),
    }));
  }
}

const SELECT = `SELECT u.id, u.name, u.roles, u.created_at, p.capacity, p.territories, p.industries, p.max_open_leads,
  p.presence_changed_at, p.idle_since FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id`;
