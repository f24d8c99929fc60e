import { FixedBusinessCalendar } from '../business-hours/business-calendar-source';
import type { AppConfig } from '../config/app-config';
import { validateEnv } from '../config/env.schema';
import { FakeClock } from '../../test/fakes/fake-clock';
import { FakeBreachLedger, FakeSupervisorReads } from '../../test/fakes/fake-supervisor-reads';
import { asPort } from '../../test/fakes/public';
import { AgentEventName, AgentEventPayload, AgentNotifier, SlaBreachEvent } from '../routing/agent-notifier';
import type { Role } from '../users/user.types';
import { SlaMonitor } from './sla-monitor.service';
import type { SupervisorReadRepository } from './supervisor-read.repository';

const config: AppConfig = validateEnv({
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://db/x',
  REDIS_URL: 'redis://r',
  WAITING_SLA_SECONDS: '120',
});

/** Records what would go to consoles. */
class RecordingNotifier extends AgentNotifier {
  readonly sent: { to: Role | readonly Role[]; event: AgentEventName; payload: unknown }[] = [];
  toUser(): void {}
  toRole<E extends AgentEventName>(to: Role | readonly Role[], event: E, payload: AgentEventPayload<E>): void {
    this.sent.push({ to, event, payload });
  }
  breaches(): SlaBreachEvent[] {
    return this.sent.filter((s) => s.event === 'sla:breach').map((s) => s.payload as SlaBreachEvent);
  }
}

const ids = {
  contact: '11111111-1111-4111-8111-111111111111',
  other: '22222222-2222-4222-8222-222222222222',
  handoff: '33333333-3333-4333-8333-333333333333',
  lead: '44444444-4444-4444-8444-444444444444',
  specialist: '55555555-5555-4555-8555-555555555555',
};

function build(ledger = new FakeBreachLedger(), reads = new FakeSupervisorReads()) {
  const clock = new FakeClock('2026-06-01T09:00:00.000Z');
  const notifier = new RecordingNotifier();
  const monitor = new SlaMonitor(
    asPort<SupervisorReadRepository>(reads),
    ledger,
    notifier,
    clock,
    config,
    new FixedBusinessCalendar(),
  );
  return { monitor, reads, ledger, notifier, clock };
}

const minutesBefore = (clock: FakeClock, minutes: number) => new Date(clock.nowMs() - minutes * 60_000);

describe('SlaMonitor', () => {
  it('announces a contact waiting past the SLA to supervisors and admins, with who and since when', async () => {
    const { monitor, reads, notifier, clock } = build();
    const createdAt = minutesBefore(clock, 5);
    reads.waitingContacts = [{ id: ids.contact, channel: 'e_sales', medium: 'web', createdAt, who: 'Ann' }];
    expect(await monitor.check()).toBe(1);
    expect(notifier.sent).toEqual([{ to: ['supervisor', 'admin'], event: 'sla:breach', payload: expect.anything() }]);
    expect(notifier.breaches()[0]).toEqual({
      breachId: `contact_wait:${ids.contact}`,
      kind: 'contact_wait',
      contactId: ids.contact,
      channel: 'e_sales',
      medium: 'web',
      leadId: null,
      handoffId: null,
      specialistId: null,
      since: createdAt.toISOString(),
      slaSeconds: 120,
      detectedAt: clock.now().toISOString(),
      summary: 'web contact from Ann waiting longer than 120 s',
    });
  });

  it('asks for contacts older than the SLA and younger than a day, at the clock time', async () => {
    const { monitor, reads, clock } = build();
    await monitor.check();
    const asked = reads.asked.find((a) => a.read === 'waitingBreaches')!;
    expect(asked.args).toEqual([new Date(clock.nowMs() - 120_000), new Date(clock.nowMs() - 24 * 3600_000), 200]);
  });

  it('announces each breach once, however often it checks and from however many processes', async () => {
    const ledger = new FakeBreachLedger();
    const one = build(ledger);
    const two = build(ledger, one.reads);
    one.reads.waitingContacts = [
      { id: ids.contact, channel: null, medium: 'fax', createdAt: minutesBefore(one.clock, 10), who: null },
    ];
    expect(await one.monitor.check()).toBe(1);
    one.clock.advance(60_000);
    expect(await one.monitor.check()).toBe(0);
    expect(await two.monitor.check()).toBe(0);
    expect(one.notifier.breaches()).toHaveLength(1);
    expect(two.notifier.sent).toEqual([]);
    expect(one.notifier.breaches()[0].summary).toBe('fax contact waiting longer than 120 s');

    // A new breach is still news.
    one.reads.waitingContacts.push({
      id: ids.other,
      channel: 'e_coverage',
      medium: 'email',
      createdAt: minutesBefore(one.clock, 5),
      who: 'b@example.test',
    });
    expect(await two.monitor.check()).toBe(1);
    expect(two.notifier.breaches().map((b) => b.breachId)).toEqual([`contact_wait:${ids.other}`]);
  });

  it('announces a handoff still offered past its due time, and one decided only after it', async () => {
    const { monitor, reads, notifier, clock } = build();
    const dueAt = minutesBefore(clock, 30);
    reads.handoffRows = [
      {
        id: ids.handoff,
        leadId: ids.lead,
        contactId: ids.contact,
        specialistId: ids.specialist,
        dueAt,
        status: 'offered',
      },
      {
        id: ids.other,
        leadId: ids.lead,
        contactId: ids.contact,
        specialistId: null,
        dueAt: minutesBefore(clock, 20),
        status: 'accepted',
        decidedAt: minutesBefore(clock, 1),
      },
      {
        id: ids.lead,
        leadId: ids.lead,
        contactId: ids.contact,
        specialistId: null,
        dueAt: minutesBefore(clock, 20),
        status: 'accepted',
        decidedAt: minutesBefore(clock, 25),
      },
    ];
    expect(await monitor.check()).toBe(2);
    const [first, second] = notifier.breaches();
    expect(first).toMatchObject({
      breachId: `handoff_due:${ids.handoff}`,
      kind: 'handoff_due',
      contactId: ids.contact,
      leadId: ids.lead,
      handoffId: ids.handoff,
      specialistId: ids.specialist,
      since: dueAt.toISOString(),
      slaSeconds: null,
      channel: null,
      medium: null,
      summary: 'field lead not accepted by its due time (offered)',
    });
    expect(second.summary).toBe('field lead not accepted by its due time (accepted)');
  });

  it('stays quiet about breaches older than a day', async () => {
    const { monitor, reads, notifier, clock } = build();
    reads.waitingContacts = [
      { id: ids.contact, channel: null, medium: 'web', createdAt: minutesBefore(clock, 25 * 60), who: null },
    ];
    expect(await monitor.check()).toBe(0);
    expect(notifier.sent).toEqual([]);
  });
});
