import { FakeBusinessHoursRepository } from '../../test/fakes/fake-business-hours';
import { FakeClock } from '../../test/fakes/fake-clock';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPort } from '../../test/fakes/public';
import type { Principal } from '../auth/auth.types';
import { DomainError } from '../common/domain-error';
import type { TimelineRepository } from '../timeline/timeline.repository';
import type { BusinessHoursRepository } from './business-hours.repository';
import { BusinessHoursService } from './business-hours.service';
import { ALWAYS_OPEN } from './domain/business-time';

const ADMIN = { id: '00000000-0000-4000-8000-0000000000ad', roles: ['admin'] } as unknown as Principal;
const TOKYO = { timezone: 'Asia/Tokyo', weekly: { mon: [['09:00', '18:00']] as [string, string][] }, holidays: [] };

function build() {
  const repo = new FakeBusinessHoursRepository();
  const timeline = new FakeTimeline();
  const unitOfWork = new FakeUnitOfWork();
  const clock = new FakeClock('2026-12-07T00:30:00Z'); // Monday 09:30 in Tokyo
  const service = new BusinessHoursService(
    unitOfWork,
    asPort<BusinessHoursRepository>(repo),
    asPort<TimelineRepository>(timeline),
    clock,
  );
  return { repo, timeline, unitOfWork, clock, service };
}

describe('BusinessHoursService', () => {
  it('is open around the clock until hours are set', async () => {
    const { service } = build();
    expect(await service.calendar()).toBe(ALWAYS_OPEN);
    expect(await service.view()).toMatchObject({ timezone: 'UTC', configured: false, updatedAt: null });
  });

  it('reads the table once per cache period, and uses a new calendar at once after a PUT', async () => {
    const { service, repo } = build();
    await Promise.all([service.calendar(), service.calendar(), service.calendar()]);
    expect(repo.reads).toBe(1);
    await service.put(ADMIN, TOKYO);
    const calendar = await service.calendar();
    expect(calendar.timezone).toBe('Asia/Tokyo');
    expect(calendar.weekly.tue).toEqual([]);
    expect(await service.isOpen()).toBe(true);
    expect((await service.dueAfter(new Date('2026-12-07T08:30:00Z'), 60 * 60_000)).toISOString()).toBe(
      '2026-12-14T00:30:00.000Z', // 17:30 Monday + 1 h = the next Monday 09:30
    );
  });

  it('records each change on the timeline, by whom', async () => {
    const { service, timeline, repo } = build();
    await service.put(ADMIN, TOKYO);
    expect(repo.stored?.updatedBy).toBe(ADMIN.id);
    expect(timeline.events.map((e) => [e.type, e.actor])).toEqual([['business_hours.changed', `user:${ADMIN.id}`]]);
  });

  it('refuses a bad calendar naming every field, and writes nothing', async () => {
    const { service, repo, timeline, unitOfWork } = build();
    const error = await service
      .put(ADMIN, { timezone: 'Mars/Base', weekly: { mon: [['18:00', '09:00']] }, holidays: ['2027-02-29'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    expect((error as DomainError).fieldErrors.map((f) => f.field)).toEqual([
      'timezone',
      'weekly.mon[0]',
      'holidays[0]',
    ]);
    expect(repo.stored).toBeNull();
    expect(timeline.events).toEqual([]);
    expect(unitOfWork.committed).toBe(0);
  });
});
