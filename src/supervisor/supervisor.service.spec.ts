import { normalizeCalendar } from '../business-hours/domain/business-time';
import { FixedBusinessCalendar } from '../business-hours/business-calendar-source';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.schema';
import type { QueueRegistry } from '../queues/queue-registry';
import { FakeClock } from '../../test/fakes/fake-clock';
import { FakeSupervisorReads } from '../../test/fakes/fake-supervisor-reads';
import { asPort } from '../../test/fakes/public';
import type { SupervisorReadRepository } from './supervisor-read.repository';
import { OVERVIEW_WINDOW_HOURS, SupervisorService } from './supervisor.service';

const config: AppConfig = validateEnv({
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://db/x',
  REDIS_URL: 'redis://r',
  WAITING_SLA_SECONDS: '300',
});

/** Queues that answer fixed counts; a state BullMQ leaves out counts zero. */
const queues = (depths: Record<string, Record<string, number>>) => ({
  all: () =>
    Object.entries(depths).map(
      ([name, counts]) => ({ name, getJobCounts: () => Promise.resolve(counts) }) as unknown as Queue,
    ),
  get: () => {
    throw new Error('not used by the overview');
  },
});

function build(calendar = new FixedBusinessCalendar()) {
  const reads = new FakeSupervisorReads();
  const clock = new FakeClock('2026-11-26T10:00:00.000Z');
  const registry = queues({ intake: { waiting: 2, active: 1, failed: 3 }, routing: {} });
  const service = new SupervisorService(
    asPort<SupervisorReadRepository>(reads),
    asPort<QueueRegistry>(registry),
    clock,
    config,
    calendar,
  );
  return { service, reads, clock };
}

describe('SupervisorService.overview', () => {
  it('is generated at the clock time, with the SLA and the window it counts in', async () => {
    const { service, clock } = build();
    const overview = await service.overview();
    expect(overview).toMatchObject({
      generatedAt: clock.now().toISOString(),
      slaSeconds: 300,
      windowHours: OVERVIEW_WINDOW_HOURS,
    });
  });

  it('asks the read model for the window, the SLA start and the due time at the clock time', async () => {
    const { service, reads, clock } = build();
    await service.overview();
    const args = Object.fromEntries(reads.asked.map((a) => [a.read, a.args]));
    expect(args.contactCounts).toEqual([
      new Date(clock.nowMs() - OVERVIEW_WINDOW_HOURS * 3600_000),
      new Date(clock.nowMs() - 300_000),
    ]);
    expect(args.handoffSla).toEqual([clock.now()]);
  });

  it('counts the wait SLA in business time: on Monday 09:02 a wait is over 5 minutes only if it began before Friday 17:57', async () => {
    const berlin = normalizeCalendar({
      timezone: 'Europe/Berlin',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
    });
    const { service, reads, clock } = build(new FixedBusinessCalendar(berlin));
    clock.set('2026-11-30T08:02:00.000Z'); // Monday 09:02 in Berlin
    await service.overview();
    const args = Object.fromEntries(reads.asked.map((a) => [a.read, a.args]));
    expect(args.contactCounts[1]).toEqual(new Date('2026-11-27T16:57:00.000Z')); // Friday 17:57 in Berlin
  });

  it('reports every queue with every state, zero where BullMQ counted nothing', async () => {
    const { service } = build();
    expect((await service.overview()).queues).toEqual([
      { name: 'intake', waiting: 2, active: 1, delayed: 0, prioritized: 0, failed: 3, completed: 0 },
      { name: 'routing', waiting: 0, active: 0, delayed: 0, prioritized: 0, failed: 0, completed: 0 },
    ]);
  });

  it('folds the counts and waits, measuring waits from the clock, and passes handoffs and agents through', async () => {
    const { service, reads, clock } = build();
    reads.counts = [
      {
        status: 'queued',
        channel: 'e_sales',
        medium: 'web',
        count: 2,
        overSla: 1,
        oldestCreatedAt: new Date(clock.nowMs() - 400_000),
      },
      // Assigned contacts count, but do not wait.
      { status: 'assigned', channel: 'e_sales', medium: 'web', count: 1, overSla: 1, oldestCreatedAt: new Date(0) },
    ];
    reads.sla = { open: 1, overdue: 1, nextDueAt: '2026-11-26T09:00:00.000Z' };
    reads.agentRows = [
      {
        id: 'a',
        name: 'Agent',
        email: 'a@example.test',
        roles: ['agent'],
        active: true,
        presence: 'available',
        presenceChangedAt: null,
        openAssignments: 1,
        pendingOffers: 0,
        openHandoffs: 0,
      },
    ];
    const overview = await service.overview();
    expect(overview.contacts.byStatus.queued).toBe(2);
    expect(overview.contacts.byStatus.assigned).toBe(1);
    expect(overview.contacts.byChannel.e_sales.queued).toBe(2);
    expect(overview.waiting.find((w) => w.channel === 'e_sales')).toEqual({
      channel: 'e_sales',
      count: 2,
      overSla: 1,
      oldestWaitSeconds: 400,
    });
    expect(overview.handoffs).toEqual(reads.sla);
    expect(overview.agents).toEqual(reads.agentRows);
  });

  it('measures at the instant it is given, when given one', async () => {
    const { service } = build();
    const at = new Date('2026-12-01T00:00:00.000Z');
    expect((await service.overview(at)).generatedAt).toBe(at.toISOString());
  });
});
