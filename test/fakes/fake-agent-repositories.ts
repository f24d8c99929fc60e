import type { Clock } from '../../src/common/clock';
import type { Medium } from '../../src/contacts/contact.types';
import type {
  AgentProfileRepository,
  ProfilePatch,
  ProfileRecord,
  RecordedPresence,
} from '../../src/routing/agents/agent-profile.repository';
import type {
  AgentLoad,
  AgentRecord,
  AgentRosterRepository,
  StaffMember,
  ExpertProfile,
} from '../../src/routing/agents/agent-roster.repository';
import { AgentConnection, PresenceStore } from '../../src/routing/agents/presence.store';
import type { Presence } from '../../src/routing/domain/agent-selection';
import type { DealSpecialist } from '../../src/routing/domain/deal-specialist-selection';
import type { FakeAssignmentRepository, FakeOfferRepository } from './fake-offer-repositories';
import type { Public } from './public';

interface StoredProfile {
  capacity: Partial<Record<Medium, number>>;
  presence: Presence;
  changedAt: Date | null;
  idleMarks: number;
}

/** Agent profiles in memory; presence changes are stamped by the given clock. */
export class FakeAgentProfileRepository implements Public<AgentProfileRepository> {
  readonly profiles = new Map<string, StoredProfile>();
  /** Every capacity lock taken, by agent id, in order. */
  readonly locks: string[] = [];

  constructor(private readonly clock: Clock) {}

  profile(agentId: string): StoredProfile {
    let profile = this.profiles.get(agentId);
    if (!profile) {
      profile = { capacity: {}, presence: 'offline', changedAt: null, idleMarks: 0 };
      this.profiles.set(agentId, profile);
    }
    return profile;
  }

  lockCapacity(agentId: string): Promise<void> {
    this.locks.push(agentId);
    return Promise.resolve();
  }

  /** Agents whose capacity lock another transaction holds: tryLockCapacity answers false for them. */
  readonly contended = new Set<string>();

  tryLockCapacity(agentId: string): Promise<boolean> {
    if (this.contended.has(agentId)) return Promise.resolve(false);
    this.locks.push(agentId);
    return Promise.resolve(true);
  }

  markIdle(agentId: string): Promise<void> {
    this.profile(agentId).idleMarks++;
    return Promise.resolve();
  }

  capacityOf(agentId: string, medium: Medium): Promise<number | null> {
    return Promise.resolve(this.profiles.get(agentId)?.capacity[medium] ?? null);
  }

  recordPresence(agentId: string, presence: Presence): Promise<Date> {
    const changedAt = this.clock.now();
    Object.assign(this.profile(agentId), { presence, changedAt });
    return Promise.resolve(changedAt);
  }

  presenceOf(agentId: string): Promise<RecordedPresence | null> {
    const p = this.profiles.get(agentId);
    return Promise.resolve(p ? { agentId, presence: p.presence, changedAt: p.changedAt } : null);
  }

  recordedPresent(): Promise<RecordedPresence[]> {
    return Promise.resolve(
      [...this.profiles.entries()]
        .filter(([, p]) => p.presence !== 'offline')
        .map(([agentId, p]) => ({ agentId, presence: p.presence, changedAt: p.changedAt })),
    );
  }

  listProfiles(): Promise<ProfileRecord[]> {
    return Promise.resolve([...this.profiles.keys()].map((id) => this.record(id)));
  }

  profileOf(userId: string): Promise<ProfileRecord | null> {
    return Promise.resolve(this.profiles.has(userId) ? this.record(userId) : null);
  }

  saveProfile(userId: string, patch: ProfilePatch): Promise<void> {
    if (patch.capacity) this.profile(userId).capacity = { ...patch.capacity };
    return Promise.resolve();
  }

  private record(userId: string): ProfileRecord {
    const p = this.profile(userId);
    return {
      userId,
      name: userId,
      roles: ['agent'],
      createdAt: new Date(0),
      capacity: p.capacity,
      territories: null,
      industries: null,
      productLines: null,
      maxOpenLeads: null,
      presenceChangedAt: p.changedAt,
      idleSince: null,
    };
  }
}

/** The roster in memory; loads are counted from the offer and assignment fakes, as the real read does. */
export class FakeAgentRosterRepository implements Public<AgentRosterRepository> {
  readonly roster = new Map<string, AgentRecord>();
  /** Staff who take no offers (supervisors, deal specialists), for transfer checks. */
  readonly others = new Map<string, StaffMember>();
  specialists: DealSpecialist[] = [];
  expertProfiles: ExpertProfile[] = [];

  constructor(
    private readonly offers: FakeOfferRepository,
    private readonly assignments: FakeAssignmentRepository,
  ) {}

  add(agent: Partial<AgentRecord> & { id: string }): AgentRecord {
    const record: AgentRecord = { skills: {}, capacity: {}, idleSince: new Date('2026-06-01T08:00:00.000Z'), ...agent };
    this.roster.set(record.id, record);
    return record;
  }

  agents(): Promise<AgentRecord[]> {
    return Promise.resolve([...this.roster.values()]);
  }

  staffMember(userId: string): Promise<StaffMember | null> {
    if (this.roster.has(userId))
      return Promise.resolve({ id: userId, name: `Agent ${userId}`, roles: ['agent'], active: true });
    return Promise.resolve(this.others.get(userId) ?? null);
  }

  transferTargets(): Promise<{ id: string; name: string }[]> {
    return Promise.resolve([...this.roster.keys()].map((id) => ({ id, name: `Agent ${id}` })));
  }

  agent(agentId: string): Promise<AgentRecord | null> {
    return Promise.resolve(this.roster.get(agentId) ?? null);
  }

  async agentsWithLoads(): Promise<{ agent: AgentRecord; load: AgentLoad }[]> {
    const loads = await this.loads([...this.roster.keys()]);
    return [...this.roster.values()].map((agent) => ({ agent, load: loads.get(agent.id) ?? {} }));
  }

  async agentWithLoad(agentId: string): Promise<{ agent: AgentRecord; load: AgentLoad } | null> {
    const agent = this.roster.get(agentId);
    return agent ? { agent, load: (await this.loads([agentId])).get(agentId) ?? {} } : null;
  }

  loads(agentIds: readonly string[]): Promise<Map<string, AgentLoad>> {
    const result = new Map<string, AgentLoad>();
    const held = [
      ...this.assignments.active(),
      ...[...this.offers.offers.values()].filter((o) => o.status === 'pending'),
    ].filter((h) => agentIds.includes(h.agentId));
    for (const h of held) {
      const load = result.get(h.agentId) ?? {};
      load[h.medium] = (load[h.medium] ?? 0) + 1;
      result.set(h.agentId, load);
    }
    return Promise.resolve(result);
  }

  dealSpecialists(): Promise<DealSpecialist[]> {
    return Promise.resolve(this.specialists);
  }

  experts(): Promise<ExpertProfile[]> {
    return Promise.resolve(this.expertProfiles);
  }
}

/** Live presence in memory: statuses and sockets (scored by last heartbeat). */
export class FakePresenceStore extends PresenceStore {
  readonly live = new Map<string, Presence>();
  readonly sockets = new Map<string, Map<string, number>>();
  /** Every status write, in order. */
  readonly writes: { agentId: string; status: Presence }[] = [];

  status(agentId: string): Promise<Presence> {
    return Promise.resolve(this.live.get(agentId) ?? 'offline');
  }

  statuses(agentIds: readonly string[]): Promise<Map<string, Presence>> {
    return Promise.resolve(new Map(agentIds.map((id) => [id, this.live.get(id) ?? 'offline'])));
  }

  hasStatus(agentId: string): Promise<boolean> {
    return Promise.resolve(this.live.has(agentId));
  }

  write(agentId: string, status: Presence): Promise<void> {
    this.writes.push({ agentId, status });
    if (status === 'offline') this.live.delete(agentId);
    else this.live.set(agentId, status);
    return Promise.resolve();
  }

  connect(connection: AgentConnection, atMs: number): Promise<void> {
    return this.heartbeat([connection], atMs);
  }

  heartbeat(connections: readonly AgentConnection[], atMs: number): Promise<void> {
    for (const { agentId, socketId } of connections) {
      const sockets = this.sockets.get(agentId) ?? new Map<string, number>();
      sockets.set(socketId, atMs);
      this.sockets.set(agentId, sockets);
    }
    return Promise.resolve();
  }

  disconnect({ agentId, socketId }: AgentConnection): Promise<void> {
    this.sockets.get(agentId)?.delete(socketId);
    return Promise.resolve();
  }

  liveConnections(agentId: string, staleBeforeMs: number): Promise<number> {
    const sockets = this.sockets.get(agentId);
    if (!sockets) return Promise.resolve(0);
    for (const [socketId, at] of sockets) if (at <= staleBeforeMs) sockets.delete(socketId);
    return Promise.resolve(sockets.size);
  }
}
