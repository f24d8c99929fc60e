import { Logger } from '@nestjs/common';
import type { TimelineRepository } from '../../timeline/timeline.repository';
import { FakeClock } from '../../../test/fakes/fake-clock';
import { FakeLeadRepository } from '../../../test/fakes/fake-leads';
import { RecordingNotifier } from '../../../test/fakes/fake-notifier';
import { FakeTimeline } from '../../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { asPort } from '../../../test/fakes/public';
import type { LeadRepository } from './lead.repository';
import { StallDetectionService } from './stall-detection.service';

const DAY_MS = 24 * 60 * 60 * 1000;
const OWNER = '00000000-0000-4000-8000-0000000000a1';
const SPECIALIST = '00000000-0000-4000-8000-0000000005e1';

function setup() {
  const clock = new FakeClock('2026-06-01T09:00:00.000Z');
  const unitOfWork = new FakeUnitOfWork();
  const leads = new FakeLeadRepository(() => clock.now());
  const timeline = new FakeTimeline();
  const notifier = new RecordingNotifier();
  const service = new StallDetectionService(
    unitOfWork,
    asPort<LeadRepository>(leads),
    asPort<TimelineRepository>(timeline),
    clock,
    notifier,
    { LEAD_STALL_LIMITS_DAYS: { M3: 10 } },
  );
  const daysAgo = (days: number) => new Date(clock.nowMs() - days * DAY_MS);
  return { clock, unitOfWork, leads, timeline, notifier, service, daysAgo };
}

describe('StallDetectionService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('flags each lead past its stage limit once, telling its owner after commit', async () => {
    const { service, leads, timeline, notifier, daysAgo, clock } = setup();
    const stalled = leads.seed({
      contactId: '00000000-0000-4000-8000-00000000c001',
      maturity: 'M3',
      stageEnteredAt: daysAgo(11),
      ownerId: OWNER,
      assigneeId: SPECIALIST,
    });
    leads.seed({ contactId: '00000000-0000-4000-8000-00000000c002', maturity: 'M3', stageEnteredAt: daysAgo(9) });
    leads.seed({ contactId: '00000000-0000-4000-8000-00000000c003', maturity: 'won', stageEnteredAt: daysAgo(400) });

    await expect(service.check()).resolves.toBe(1);
    expect(leads.leads.get(stalled.id)?.stalledAt).toEqual(clock.now());
    expect(timeline.events).toMatchObject([
      {
        type: 'lead.stalled',
        contactId: stalled.contactId,
        data: { leadId: stalled.id, ownerId: SPECIALIST, limitDays: 10, stalledSince: daysAgo(1).toISOString() },
      },
    ]);
    expect(notifier.events()).toEqual([`lead:stalled->user:${SPECIALIST}`]);

    await expect(service.check()).resolves.toBe(0);
    expect(timeline.events).toHaveLength(1);
  });

  it('tells the agent who qualified it when no specialist has the lead', async () => {
    const { service, leads, notifier, daysAgo } = setup();
    leads.seed({
      contactId: '00000000-0000-4000-8000-00000000c001',
      stageEnteredAt: daysAgo(31),
      maturity: 'M2',
      ownerId: OWNER,
    });
    await expect(service.check()).resolves.toBe(1);
    expect(notifier.events()).toEqual([`lead:stalled->user:${OWNER}`]);
  });

  it('leaves a lead that moved to another stage meanwhile', async () => {
    const { service, leads, timeline, notifier, daysAgo } = setup();
    const lead = leads.seed({
      contactId: '00000000-0000-4000-8000-00000000c001',
      maturity: 'M3',
      stageEnteredAt: daysAgo(11),
    });
    const markStalled = leads.markStalled.bind(leads);
    leads.markStalled = (id, at) => markStalled(id, at, 'M4');
    await expect(service.check()).resolves.toBe(0);
    expect(leads.leads.get(lead.id)?.stalledAt).toBeNull();
    expect(timeline.events).toEqual([]);
    expect(notifier.sent).toEqual([]);
  });
});
