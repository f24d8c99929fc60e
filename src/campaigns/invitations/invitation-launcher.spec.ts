import { FakeClock } from '../../../test/fakes/fake-clock';
import { FakeJobQueue } from '../../../test/fakes/fake-job-queue';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { asPartialPort } from '../../../test/fakes/public';
import { JobName } from '../../queues/queue.constants';
import type { CampaignProgressFeed } from '../campaign-progress.feed';
import type { CampaignListeners } from '../campaign-listeners';
import type { CampaignRecord } from '../campaign.repository';
import type { CampaignTargetRecord, CampaignTargetRepository } from '../campaign-target.repository';
import { InvitationLauncher } from './invitation-launcher';

const CAMPAIGN_ID = '0b7c7d4e-2f1a-4c3b-9d8e-7f6a5b4c3d2e';
const targetId = (i: number) => `5e9f1a2b-3c4d-4e5f-8a6b-${String(i).padStart(12, '0')}`;

const campaign = (patch: Partial<CampaignRecord> = {}): CampaignRecord => ({
  id: CAMPAIGN_ID,
  name: 'Seminar',
  kind: 'seminar_invitation',
  channel: 'demand_generation',
  medium: 'email',
  script: null,
  templateId: null,
  seminarId: null,
  startsAt: null,
  endsAt: null,
  callingHours: null,
  maxAttempts: 3,
  status: 'active',
  createdBy: null,
  createdAt: new Date('2027-01-01T00:00:00Z'),
  updatedAt: new Date('2027-01-10T01:00:00Z'),
  ...patch,
});

function world(pending: number, rate: number) {
  const clock = new FakeClock('2027-01-10T01:00:05.000Z');
  const jobs = new FakeJobQueue();
  const unitOfWork = new FakeUnitOfWork();
  const changed: string[] = [];
  const targets = Array.from({ length: pending }, (_, i) => ({ id: targetId(i) }) as CampaignTargetRecord);
  const launcher = new InvitationLauncher(
    asPartialPort<CampaignListeners>({ register: () => undefined }),
    unitOfWork,
    asPartialPort<CampaignTargetRepository>({
      list: (_id, filter) => Promise.resolve(targets.slice(filter.offset, filter.offset + filter.limit)),
    }),
    jobs,
    asPartialPort<CampaignProgressFeed>({ changed: (id: string) => void changed.push(id) }),
    clock,
    { CAMPAIGN_SEND_RATE: rate },
  );
  return { launcher, jobs, clock, changed };
}

describe('InvitationLauncher', () => {
  it('queues one invitation per pending target, paced at the send rate from now', async () => {
    const { launcher, jobs, clock } = world(7, 3);
    expect(await launcher.statusChanged(campaign(), 'draft')).toBe(7);
    const queued = jobs.named(JobName.SendCampaignInvitation);
    expect(queued.map((j) => (j.runAt?.getTime() ?? 0) - clock.nowMs())).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    const round = campaign().updatedAt.getTime();
    expect(queued[0]?.id).toBe(`${JobName.SendCampaignInvitation}.${targetId(0)}.${round}`);
  });

  it('reads every page of pending targets before queueing (more than one page)', async () => {
    const { launcher, jobs } = world(2500, 1000);
    expect(await launcher.statusChanged(campaign(), 'paused')).toBe(2500);
    expect(new Set(jobs.named(JobName.SendCampaignInvitation).map((j) => j.id)).size).toBe(2500);
  });

  it.each([
    ['a voice campaign', campaign({ medium: 'voice' }), 'draft'],
    ['a pause', campaign({ status: 'paused' }), 'active'],
    ['the end', campaign({ status: 'done' }), 'active'],
  ] as const)('queues nothing on %s, but pushes the progress', async (_, c, from) => {
    const { launcher, jobs, changed } = world(3, 5);
    expect(await launcher.statusChanged(c, from)).toBe(0);
    expect(jobs.jobs).toEqual([]);
    expect(changed).toEqual([CAMPAIGN_ID]);
  });

  it('a resume is a new round: the still-pending targets get new job ids', async () => {
    const { launcher, jobs } = world(1, 5);
    await launcher.statusChanged(campaign(), 'draft');
    await launcher.statusChanged(campaign({ updatedAt: new Date('2027-01-11T00:00:00Z') }), 'paused');
    const ids = jobs.named(JobName.SendCampaignInvitation).map((j) => j.id);
    expect(new Set(ids).size).toBe(2);
  });
});
