import type { Principal } from '../auth/auth.types';
import { DomainError } from '../common/domain-error';
import { LeadRepository } from '../routing/leads/lead.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { FakeClock } from '../../test/fakes/fake-clock';
import { FakeLeadRepository } from '../../test/fakes/fake-leads';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPartialPort, asPort } from '../../test/fakes/public';
import type { CreateCampaignDto } from './campaign.dto';
import { CampaignListeners } from './campaign-listeners';
import { CampaignRecord, CampaignRepository, NewCampaign } from './campaign.repository';
import { CampaignTargetRepository } from './campaign-target.repository';
import { CampaignsService } from './campaigns.service';
import type { CampaignStatus } from './domain/campaign.types';
import { SeminarRecord, SeminarRepository } from './seminar.repository';

/** Campaigns and seminars in memory, with the status guard the SQL applies. */
class FakeCampaigns {
  readonly rows = new Map<string, CampaignRecord>();
  readonly seminars = new Map<string, SeminarRecord>();

  create(c: NewCampaign): Promise<CampaignRecord> {
    const { at, ...rest } = c;
    const row: CampaignRecord = {
      ...rest,
      id: `campaign-${this.rows.size + 1}`,
      status: 'draft',
      createdAt: at,
      updatedAt: at,
    };
    this.rows.set(row.id, row);
    return Promise.resolve({ ...row });
  }
  findById(id: string): Promise<CampaignRecord | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? { ...row } : null);
  }
  setStatus(id: string, from: CampaignStatus, to: CampaignStatus, at: Date): Promise<boolean> {
    const row = this.rows.get(id);
    if (row?.status !== from) return Promise.resolve(false);
    Object.assign(row, { status: to, updatedAt: at });
    return Promise.resolve(true);
  }
  createSeminar(s: { title: string; startsAt: Date; capacity: number; at: Date }): Promise<SeminarRecord> {
    const row = { id: `seminar-${this.seminars.size + 1}`, ...s, registered: 0, createdAt: s.at, updatedAt: s.at };
    this.seminars.set(row.id, row);
    return Promise.resolve(row);
  }
}

describe('CampaignsService', () => {
  const supervisor: Principal = { id: 'sup-1', email: 's@example.com', roles: ['supervisor'] };
  const voice: CreateCampaignDto = { name: 'Calls', kind: 'account_call', channel: 'e_coverage', medium: 'voice' };
  let store: FakeCampaigns;
  let timeline: FakeTimeline;
  let listeners: CampaignListeners;
  let service: CampaignsService;

  beforeEach(() => {
    store = new FakeCampaigns();
    timeline = new FakeTimeline();
    listeners = new CampaignListeners();
    service = new CampaignsService(
      new FakeUnitOfWork(),
      asPartialPort<CampaignRepository>(store),
      asPartialPort<CampaignTargetRepository>({
        progress: () => Promise.resolve({ byState: {}, byDisposition: {}, attempts: 0, total: 0 }),
      }),
      asPartialPort<SeminarRepository>({
        create: (s) => store.createSeminar(s),
        findById: (id) => Promise.resolve(store.seminars.get(id) ?? null),
      }),
      asPort<TimelineRepository>(timeline),
      asPort<LeadRepository>(new FakeLeadRepository()),
      listeners,
      new FakeClock('2027-01-15T01:00:00Z'),
    );
  });

  it('creates a draft with its seminar, on the timeline', async () => {
    const view = await service.create(supervisor, {
      ...voice,
      kind: 'seminar_invitation',
      channel: 'demand_generation',
      medium: 'email',
      seminar: { title: 'Cloud day', startsAt: '2027-02-10T09:00:00Z', capacity: 30 },
    });
    expect(view).toMatchObject({
      status: 'draft',
      maxAttempts: 3,
      seminar: { title: 'Cloud day', capacity: 30, registered: 0 },
    });
    expect(timeline.events.map((e) => e.type)).toEqual(['campaign.created']);
  });

  it.each<[string, Partial<CreateCampaignDto>, string]>([
    [
      'a period ending before it starts',
      { startsAt: '2027-02-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' },
      'endsAt',
    ],
    [
      'calling hours ending before they start',
      { callingHours: { timezone: 'Asia/Tokyo', from: '18:00', to: '09:00' } },
      'callingHours.to',
    ],
    ['an invitation without a seminar', { kind: 'seminar_invitation' }, 'seminar'],
  ])('refuses %s naming the field, writing nothing', async (_label, patch, field) => {
    const error = await service.create(supervisor, { ...voice, ...patch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors.map((f) => f.field)).toEqual([field]);
    expect(store.rows.size).toBe(0);
    expect(timeline.events).toHaveLength(0);
  });

  it('starts, pauses, resumes and ends a campaign, telling the listeners after commit', async () => {
    const seen: string[] = [];
    listeners.register({ name: 'spy', onStatusChanged: (c, from) => void seen.push(`${from}->${c.status}`) });
    const { id } = await service.create(supervisor, voice);
    for (const status of ['active', 'paused', 'active', 'done'] as const) {
      expect((await service.setStatus(supervisor, id, { status })).status).toBe(status);
    }
    expect(seen).toEqual(['draft->active', 'active->paused', 'paused->active', 'active->done']);
    expect(timeline.events.filter((e) => e.type === 'campaign.status_changed').map((e) => e.data)).toHaveLength(4);
    const error = await service.setStatus(supervisor, id, { status: 'active' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict' });
    expect(seen).toHaveLength(4);
  });
});
