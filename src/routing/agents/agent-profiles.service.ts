import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/domain-error';
import { MEDIA } from '../../contacts/contact.types';
import { UnitOfWork } from '../../database/unit-of-work';
import { DEFAULT_CAPACITY } from '../domain/agent-selection';
import type { AgentProfileView, PutAgentProfileDto } from './agent-profile.dto';
import { AgentProfileRepository, ProfileRecord } from './agent-profile.repository';
import { AgentRosterRepository } from './agent-roster.repository';
import { PresenceStore } from './presence.store';

/** Agents' and deal specialists' routing profiles, with live presence and load, for supervisors. */
@Injectable()
export class AgentProfilesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly profiles: AgentProfileRepository,
    private readonly roster: AgentRosterRepository,
    private readonly presence: PresenceStore,
  ) {}

  async list(): Promise<AgentProfileView[]> {
    return this.views(await this.profiles.listProfiles());
  }

  async get(userId: string): Promise<AgentProfileView> {
    const profile = await this.profiles.profileOf(userId);
    if (!profile) throw notFound('user', userId);
    const [view] = await this.views([profile]);
    return view;
  }

  async put(userId: string, dto: PutAgentProfileDto): Promise<AgentProfileView> {
    await this.unitOfWork.run(async () => {
      if (!(await this.profiles.profileOf(userId))) throw notFound('user', userId);
      await this.profiles.saveProfile(userId, {
        capacity: dto.capacity,
        territories: dto.territories,
        industries: dto.industries,
        productLines: dto.productLines,
        maxOpenLeads: dto.maxOpenLeads,
      });
    });
    return this.get(userId);
  }

  private async views(profiles: ProfileRecord[]): Promise<AgentProfileView[]> {
    const ids = profiles.map((p) => p.userId);
    const presence = await this.presence.statuses(ids);
    const loads = await this.roster.loads(ids);
    return profiles.map((p) => ({
      userId: p.userId,
      name: p.name,
      roles: p.roles,
      presence: presence.get(p.userId) ?? 'offline',
      capacity: Object.fromEntries(MEDIA.map((m) => [m, p.capacity?.[m] ?? DEFAULT_CAPACITY[m]])),
      load: { ...loads.get(p.userId) },
      territories: p.territories ?? [],
      industries: p.industries ?? [],
      productLines: p.productLines ?? [],
      maxOpenLeads: p.maxOpenLeads ?? 20,
      presenceChangedAt: p.presenceChangedAt ? p.presenceChangedAt.toISOString() : null,
      idleSince: (p.idleSince ?? p.createdAt).toISOString(),
    }));
  }
}
