import { FixedBusinessCalendar } from '../../business-hours/business-calendar-source';
import { Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import type { TimelineRepository } from '../../timeline/timeline.repository';
import { FakeClock } from '../../../test/fakes/fake-clock';
import { FakeJobQueue } from '../../../test/fakes/fake-job-queue';
import { FakeHandoffRepository, FakeLeadRepository } from '../../../test/fakes/fake-leads';
import { RecordingNotifier } from '../../../test/fakes/fake-notifier';
import { FakeTimeline } from '../../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { asPort } from '../../../test/fakes/public';
import { JobName } from '../../queues/queue.constants';
import type { AgentRoster } from '../agents/agent-roster.service';
import type { DealSpecialist } from '../domain/deal-specialist-selection';
import type { HandoffRepository } from './handoff.repository';
import { HandoffService } from './handoff.service';
import type { LeadRepository } from './lead.repository';

const ANNA = '00000000-0000-4000-8000-0000000000a1';
const BORIS = '00000000-0000-4000-8000-0000000000b2';
const SLA_MINUTES = 240;

const specialist = (id: string, territories: string[]): DealSpecialist => ({
  id,
  territories,
  industries: [],
  productLines: [],
  openLeads: 0,
  maxOpenLeads: 20,
  active: true,
});

function setup(specialists: DealSpecialist[] = [specialist(ANNA, ['north']), specialist(BORIS, [])]) {
  const clock = new FakeClock('2026-06-01T09:00:00.000Z');
  const unitOfWork = new FakeUnitOfWork();
  const leads = new FakeLeadRepository(() => clock.now());
  const handoffs = new FakeHandoffRepository(() => clock.now());
  handoffs.names.set(ANNA, { name: 'Anna', email: 'anna@example.com' });
  const roster: Pick<AgentRoster, 'dealSpecialists'> = { dealSpecialists: () => Promise.resolve(specialists) };
  const timeline = new FakeTimeline();
  const jobs = new FakeJobQueue();
  const notifier = new RecordingNotifier();
  const service = new HandoffService(
    unitOfWork,
    asPort<LeadRepository>(leads),
    asPort<HandoffRepository>(handoffs),
    roster as AgentRoster,
    asPort<TimelineRepository>(timeline),
    jobs,
    clock,
    notifier,
    { HANDOFF_SLA_MINUTES: SLA_MINUTES },
    new FixedBusinessCalendar(),
  );
  const lead = leads.seed({ contactId: '00000000-0000-4000-8000-00000000c001', territory: 'north' });
  return { clock, unitOfWork, leads, handoffs, timeline, jobs, notifier, service, lead };
}

const as = (id: string): Principal => ({ id, email: `${id}@example.com`, roles: ['deal_specialist'] });

describe('HandoffService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('offers a lead to the best specialist with an SLA timer, and tells them only after commit', async () => {
    const { service, lead, leads, handoffs, jobs, timeline, notifier, unitOfWork } = setup();
    const routed = await unitOfWork.run(async () => {
      const result = await service.route(lead, []);
      expect(notifier.sent).toEqual([]);
      return result;
    });

    expect(routed).toMatchObject({
      kind: 'offered',
      handoff: { specialistId: ANNA, specialistName: 'Anna', dueAt: new Date('2026-06-01T13:00:00.000Z') },
    });
    const [handoff] = handoffs.handoffs;
    expect(handoffs.story(lead.id)).toEqual([`offered:${ANNA}`]);
    expect(handoff.triedIds).toEqual([ANNA]);
    expect(leads.leads.get(lead.id)?.assigneeId).toBe(ANNA);
    expect(timeline.types()).toEqual(['handoff.offered']);
    expect(jobs.jobs.map((j) => [j.id, j.runAt?.toISOString() ?? null])).toEqual([
      [`${JobName.ExpireHandoff}.${handoff.id}`, '2026-06-01T13:00:00.000Z'],
      [`${JobName.SendRoutingMail}.handoff_offered.${handoff.id}`, null],
    ]);
    expect(notifier.events()).toEqual([`handoff->user:${ANNA}`]);
  });

  it('escalates to the supervisors when no specialist can take the lead', async () => {
    const { service, lead, leads, handoffs, jobs, notifier } = setup([]);
    const routed = await service.route(lead, []);

    expect(routed).toMatchObject({ kind: 'escalated', reason: 'no deal specialists: the supervisor assigns it' });
    expect(handoffs.story(lead.id)).toEqual(['escalated:-']);
    expect(leads.leads.get(lead.id)?.assigneeId).toBeNull();
    expect(jobs.named(JobName.SendRoutingMail).map((j) => j.payload)).toEqual([
      { kind: 'handoff_escalated', handoffId: handoffs.handoffs[0].id },
    ]);
    expect(notifier.events()).toEqual(['handoff:escalated->role:supervisor,admin']);
  });

  it('accepts before the due time', async () => {
    const { service, lead, handoffs, timeline, notifier, clock } = setup();
    await service.route(lead, []);
    clock.advance(SLA_MINUTES * 60_000 - 1);

    await expect(service.accept(as(ANNA), handoffs.handoffs[0].id)).resolves.toEqual({
      handoffId: handoffs.handoffs[0].id,
      leadId: lead.id,
    });
    expect(handoffs.story(lead.id)).toEqual([`accepted:${ANNA}`]);
    expect(timeline.types()).toEqual(['handoff.offered', 'handoff.accepted']);
    expect(notifier.changes).toEqual(['handoff_accepted']);
  });

  it('refuses an acceptance at or after the due time, another specialist, a decided or unknown handoff', async () => {
    const { service, lead, handoffs, notifier, clock, unitOfWork } = setup();
    await service.route(lead, []);
    const id = handoffs.handoffs[0].id;

    await expect(service.accept(as(BORIS), id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.accept(as(ANNA), '00000000-0000-4000-8000-00000000ffff')).rejects.toMatchObject({
      code: 'not_found',
    });
    clock.advance(SLA_MINUTES * 60_000);
    await expect(service.accept(as(ANNA), id)).rejects.toMatchObject({ code: 'conflict' });
    expect(handoffs.story(lead.id)).toEqual([`offered:${ANNA}`]);
    expect(notifier.changes).toEqual([]);
    expect(unitOfWork.rolledBack).toBe(3);

    await service.expire(id);
    await expect(service.decline(as(ANNA), id, undefined)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('moves a declined lead to the next specialist, then to the supervisors', async () => {
    const { service, lead, handoffs, timeline } = setup();
    await service.route(lead, []);

    await service.decline(as(ANNA), handoffs.handoffs[0].id, 'on holiday');
    expect(handoffs.story(lead.id)).toEqual([`declined:${ANNA}`, `offered:${BORIS}`]);
    expect(handoffs.handoffs[0].decisionReason).toBe('on holiday');
    expect(handoffs.handoffs[1].triedIds).toEqual([ANNA, BORIS]);

    await service.decline(as(BORIS), handoffs.handoffs[1].id, undefined);
    expect(handoffs.story(lead.id)).toEqual([`declined:${ANNA}`, `declined:${BORIS}`, 'escalated:-']);
    expect(handoffs.handoffs[2].triedIds).toEqual([ANNA, BORIS]);
    expect(timeline.events.filter((e) => e.type === 'handoff.declined').map((e) => e.actor)).toEqual([
      `user:${ANNA}`,
      `user:${BORIS}`,
    ]);
  });

  it('expires an unaccepted handoff once: the specialist is told, the next one offered', async () => {
    const { service, lead, handoffs, notifier, jobs } = setup();
    await service.route(lead, []);
    const id = handoffs.handoffs[0].id;

    await expect(service.expire(id)).resolves.toBe('escalated');
    expect(handoffs.story(lead.id)).toEqual([`expired:${ANNA}`, `offered:${BORIS}`]);
    expect(handoffs.handoffs[0].decisionReason).toBe(`not accepted within ${SLA_MINUTES} minutes`);
    expect(notifier.events()).toEqual([
      `handoff->user:${ANNA}`,
      `handoff:revoked->user:${ANNA}`,
      `handoff->user:${BORIS}`,
    ]);

    const before = { jobs: jobs.jobs.length, events: notifier.sent.length };
    await expect(service.expire(id)).resolves.toBe('already_decided');
    await expect(service.expire('00000000-0000-4000-8000-00000000ffff')).resolves.toBe('missing');
    expect({ jobs: jobs.jobs.length, events: notifier.sent.length }).toEqual(before);
    expect(handoffs.handoffs).toHaveLength(2);
  });

  it('revokes the open handoff, telling the specialist only once the unit commits', async () => {
    const { service, lead, handoffs, notifier, timeline, unitOfWork } = setup();
    await service.route(lead, []);
    notifier.sent.length = 0;

    await expect(
      unitOfWork.run(async () => {
        await service.revokeOpen(lead, 're-qualified');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(notifier.sent).toEqual([]);

    handoffs.handoffs[0].status = 'offered';
    await service.revokeOpen(lead, 're-qualified');
    expect(handoffs.story(lead.id)).toEqual([`revoked:${ANNA}`]);
    expect(timeline.types()).toContain('handoff.revoked');
    expect(notifier.sent).toEqual([
      {
        to: `user:${ANNA}`,
        event: 'handoff:revoked',
        payload: { handoffId: handoffs.handoffs[0].id, leadId: lead.id, reason: 're-qualified' },
      },
    ]);

    await service.revokeOpen(lead, 're-qualified');
    expect(notifier.sent).toHaveLength(1);
  });

  it('lists the open handoffs of a specialist as console events', async () => {
    const { service, lead, handoffs } = setup();
    await service.route(lead, []);

    await expect(service.openFor(ANNA)).resolves.toEqual([
      {
        handoffId: handoffs.handoffs[0].id,
        leadId: lead.id,
        contactId: lead.contactId,
        dueAt: '2026-06-01T13:00:00.000Z',
        reason: handoffs.handoffs[0].reason,
        summary: 'Acme (Ada), large account, complex solution, maturity M3',
        revenueTier: 'large',
        complexity: 'complex',
        maturity: 'M3',
      },
    ]);
    await expect(service.openFor(BORIS)).resolves.toEqual([]);
  });
});
