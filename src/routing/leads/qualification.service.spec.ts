import { FixedBusinessCalendar } from '../../business-hours/business-calendar-source';
import { Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import type { ProductLineRepository } from '../../catalog/product-line.repository';
import type { ContactRepository } from '../../contacts/contact.repository';
import type { TimelineRepository } from '../../timeline/timeline.repository';
import { FakeClock } from '../../../test/fakes/fake-clock';
import { FakeJobQueue } from '../../../test/fakes/fake-job-queue';
import {
  FakeChannelMatrixRepository,
  FakeHandoffRepository,
  FakeLeadRepository,
  FakePartnerRepository,
  FakeProductLineRepository,
} from '../../../test/fakes/fake-leads';
import { RecordingNotifier } from '../../../test/fakes/fake-notifier';
import { RecordingHandOver } from '../../../test/fakes/recording-hand-over';
import { FakeContactRepository, routableContact } from '../../../test/fakes/fake-routable-contacts';
import { FakeTimeline } from '../../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { asPort } from '../../../test/fakes/public';
import { JobName } from '../../queues/queue.constants';
import type { AgentRoster } from '../agents/agent-roster.service';
import { DEFAULT_CHANNEL_MATRIX } from '../domain/channel-matrix';
import type { DealSpecialist } from '../domain/deal-specialist-selection';
import type { ChannelMatrixRepository } from '../matrix/channel-matrix.repository';
import { ChannelMatrixService } from '../matrix/channel-matrix.service';
import type { AssignmentRepository } from '../offers/assignment.repository';
import { FakeAssignmentRepository } from '../../../test/fakes/fake-offer-repositories';
import type { AssignmentsService } from '../offers/assignments.service';
import type { PartnerRepository } from '../partners/partner.repository';
import type { HandoffRepository } from './handoff.repository';
import { HandoffService } from './handoff.service';
import type { LeadRepository } from './lead.repository';
import type { QualificationDto } from './qualification.dto';
import { QualificationService } from './qualification.service';

const CONTACT = '00000000-0000-4000-8000-00000000c0c0';
const PERSON = '00000000-0000-4000-8000-00000000e0e0';
const AGENT = '00000000-0000-4000-8000-00000000a9e1';
const OTHER_AGENT = '00000000-0000-4000-8000-00000000a9e2';
const SPECIALIST = '00000000-0000-4000-8000-0000000005e1';
const FOLLOW_UP_DAYS = 30;

/** Hands a fake of part of a class to a constructor (the service uses only that part). */
const partOf = <T>(fake: Partial<T>): T => fake as T;

const agent: Principal = { id: AGENT, email: 'agent@example.com', roles: ['agent'] };
const field: QualificationDto = { complexity: 'complex', revenueTier: 'large', maturity: 'M3' };

function setup(options: { specialists?: DealSpecialist[] } = {}) {
  const clock = new FakeClock('2026-06-01T09:00:00.000Z');
  const unitOfWork = new FakeUnitOfWork();
  const contacts = new FakeContactRepository();
  contacts.add(
    routableContact(CONTACT, {
      status: 'assigned',
      medium: 'email',
      channel: 'e_coverage',
      from_name: 'Ada',
      from_email: 'ada@example.com',
      from_company: 'Acme',
      subject: null,
      body: '',
      created_at: new Date(0),
      person_id: PERSON,
    }),
  );
  const assignments = new FakeAssignmentRepository();
  assignments.add({ contactId: CONTACT, agentId: AGENT });
  const handOver = new RecordingHandOver();
  const leads = new FakeLeadRepository(() => clock.now());
  const handoffs = new FakeHandoffRepository(() => clock.now());
  handoffs.names.set(SPECIALIST, { name: 'Sam', email: 'sam@example.com' });
  const catalog = new FakeProductLineRepository()
    .add('router', 'simple')
    .add('erp', 'complex')
    .add('old', 'simple', false);
  const partners = new FakePartnerRepository();
  const timeline = new FakeTimeline();
  const jobs = new FakeJobQueue();
  const notifier = new RecordingNotifier();
  const specialists = options.specialists ?? [
    { id: SPECIALIST, territories: [], industries: [], productLines: [], openLeads: 0, maxOpenLeads: 5, active: true },
  ];
  const roster: Pick<AgentRoster, 'dealSpecialists'> = { dealSpecialists: () => Promise.resolve(specialists) };
  const tl = asPort<TimelineRepository>(timeline);
  const handoffService = new HandoffService(
    unitOfWork,
    asPort<LeadRepository>(leads),
    asPort<HandoffRepository>(handoffs),
    roster as AgentRoster,
    tl,
    jobs,
    clock,
    notifier,
    { HANDOFF_SLA_MINUTES: 60 },
    new FixedBusinessCalendar(),
  );
  const { version: _version, ...document } = DEFAULT_CHANNEL_MATRIX;
  const matrix = new ChannelMatrixService(
    unitOfWork,
    asPort<ChannelMatrixRepository>(new FakeChannelMatrixRepository(document)),
  );
  const service = new QualificationService(
    unitOfWork,
    partOf<ContactRepository>(contacts),
    asPort<AssignmentRepository>(assignments),
    partOf<AssignmentsService>(handOver),
    asPort<LeadRepository>(leads),
    asPort<ProductLineRepository>(catalog),
    asPort<PartnerRepository>(partners),
    matrix,
    handoffService,
    tl,
    jobs,
    clock,
    notifier,
    { NURTURE_FOLLOW_UP_DAYS: FOLLOW_UP_DAYS },
  );
  return {
    clock,
    unitOfWork,
    contacts,
    assignments,
    handOver,
    leads,
    handoffs,
    partners,
    timeline,
    jobs,
    notifier,
    service,
  };
}

describe('QualificationService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  describe('who may qualify', () => {
    it('lets the assigned agent qualify the contact', async () => {
      const { service, leads } = setup();
      await expect(service.qualify(CONTACT, field, agent)).resolves.toMatchObject({ route: 'field' });
      expect(leads.leads.size).toBe(1);
    });

    it('refuses another agent, writing nothing', async () => {
      const { service, leads, timeline, jobs, contacts, notifier, unitOfWork } = setup();
      const other: Principal = { id: OTHER_AGENT, email: 'x@example.com', roles: ['agent'] };
      await expect(service.qualify(CONTACT, field, other)).rejects.toMatchObject({ code: 'forbidden' });
      expect({ leads: leads.leads.size, events: timeline.events.length, jobs: jobs.jobs.length }).toEqual({
        leads: 0,
        events: 0,
        jobs: 0,
      });
      expect(contacts.transitions).toEqual([]);
      expect(notifier.changes).toEqual([]);
      expect(unitOfWork.rolledBack).toBe(1);
    });

    it('lets a supervisor or an admin qualify a contact nobody is assigned', async () => {
      const { service, assignments } = setup();
      assignments.assignments.length = 0;
      for (const role of ['supervisor', 'admin'] as const) {
        const overseer: Principal = { id: OTHER_AGENT, email: 'boss@example.com', roles: [role] };
        await expect(service.qualify(CONTACT, field, overseer)).resolves.toMatchObject({ route: 'field' });
      }
    });

    it('answers 404 for an unknown contact', async () => {
      const { service } = setup();
      await expect(service.qualify('00000000-0000-4000-8000-00000000dead', field, agent)).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });

  it('routes a large complex lead to a deal specialist with a handoff', async () => {
    const { service, contacts, timeline, jobs, handoffs, leads, notifier } = setup();
    const answer = await service.qualify(CONTACT, field, agent);

    const [handoff] = handoffs.handoffs;
    expect(answer).toMatchObject({
      route: 'field',
      matrixVersion: 1,
      assignee: { kind: 'deal_specialist', id: SPECIALIST, name: 'Sam' },
      handoff: { id: handoff.id, dueAt: '2026-06-01T10:00:00.000Z' },
      followUpAt: null,
    });
    expect(answer.reason).toMatch(/^complex solution for a large account: .*; deal specialist Sam: /);
    expect(leads.leads.get(answer.leadId)).toMatchObject({ assigneeId: SPECIALIST, reason: answer.reason });
    expect(contacts.transitions).toEqual([{ contactId: CONTACT, name: 'qualify', patch: {} }]);
    expect(contacts.contacts.get(CONTACT)?.status).toBe('qualified');
    expect(timeline.types()).toEqual(['lead.qualified', 'handoff.offered', 'lead.routed']);
    expect(jobs.jobs.map((j) => j.name)).toEqual([JobName.ExpireHandoff, JobName.SendRoutingMail]);
    expect(notifier.events()).toEqual([`handoff->user:${SPECIALIST}`]);
    expect(notifier.changes).toEqual(['contact_qualified']);
  });

  it('escalates a field lead to the supervisors when no specialist is there', async () => {
    const { service, handoffs } = setup({ specialists: [] });
    const answer = await service.qualify(CONTACT, field, agent);
    expect(answer).toMatchObject({ assignee: { kind: 'supervisor', id: null, name: 'supervisors' }, handoff: null });
    expect(answer.reason).toContain('; escalated: no deal specialists');
    expect(handoffs.story(answer.leadId)).toEqual(['escalated:-']);
  });

  it('hands a simple lead to e-Sales: the agent lets go, the contact is dispatched in the e-Sales queue', async () => {
    const { service, contacts, handOver, jobs, timeline } = setup();
    const answer = await service.qualify(CONTACT, { productLines: ['router'], maturity: 'M3' }, agent);

    expect(answer).toMatchObject({ route: 'e_sales', complexity: 'simple', revenueTier: 'small' });
    expect(answer.assignee).toEqual({ kind: 'queue', id: 'e_sales', name: 'e-Sales' });
    expect(handOver.handedOver).toEqual([{ contactId: CONTACT, personId: PERSON, reason: 'handed to e-Sales' }]);
    const qualified = timeline.events.find((e) => e.type === 'lead.qualified');
    expect(jobs.jobs.map((j) => j.id)).toEqual([`${JobName.DispatchContact}.${CONTACT}.e_sales.${qualified?.id}`]);
    expect(contacts.transitions).toEqual([{ contactId: CONTACT, name: 'handToESales', patch: { channel: 'e_sales' } }]);
    expect(contacts.contacts.get(CONTACT)).toMatchObject({ status: 'queued', channel: 'e_sales' });
  });

  it('refers a standard lead to the best partner, once per qualification', async () => {
    const { service, partners, jobs, leads, timeline } = setup();
    const partner = partners.add({ name: 'Northwind', regions: ['north'] });
    const dto: QualificationDto = { complexity: 'standard', revenueTier: 'medium', territory: 'north', maturity: 'M2' };

    const first = await service.qualify(CONTACT, dto, agent);
    expect(first.assignee).toEqual({ kind: 'partner', id: partner.id, name: 'Northwind' });
    expect(leads.leads.get(first.leadId)?.partnerId).toBe(partner.id);
    await service.qualify(CONTACT, dto, agent);

    const causes = timeline.events.filter((e) => e.type.startsWith('lead.') && e.type.endsWith('qualified'));
    expect(causes.map((e) => e.type)).toEqual(['lead.qualified', 'lead.requalified']);
    expect(jobs.named(JobName.SendRoutingMail).map((j) => j.id)).toEqual(
      causes.map((e) => `${JobName.SendRoutingMail}.partner_referral.${first.leadId}.${e.id}`),
    );
  });

  it('leaves a partner lead nobody covers to the supervisors, telling them after commit', async () => {
    const { service, notifier, jobs } = setup();
    const answer = await service.qualify(
      CONTACT,
      { complexity: 'standard', revenueTier: 'small', maturity: 'M2' },
      agent,
    );
    expect(answer.assignee).toEqual({ kind: 'supervisor', id: null, name: 'supervisors' });
    expect(answer.reason).toContain('no active partner in the registry: the supervisor assigns it');
    expect(jobs.jobs).toEqual([]);
    expect(notifier.events()).toEqual(['lead:unassigned->role:supervisor,admin']);
  });

  it('nurtures a lead below the qualification bar with a follow-up timer', async () => {
    const { service, contacts, jobs, leads } = setup();
    const answer = await service.qualify(CONTACT, { ...field, maturity: 'M1' }, agent);

    const due = '2026-07-01T09:00:00.000Z';
    expect(answer).toMatchObject({ route: 'nurture', followUpAt: due });
    expect(answer.assignee).toEqual({ kind: 'queue', id: 'demand_generation', name: 'Demand Generation' });
    expect(jobs.jobs).toEqual([
      {
        name: JobName.FollowUpLead,
        id: `${JobName.FollowUpLead}.${answer.leadId}.${new Date(due).getTime()}`,
        payload: { leadId: answer.leadId, followUpAt: due },
        runAt: new Date(due),
      },
    ]);
    expect(leads.leads.get(answer.leadId)?.followUpAt).toEqual(new Date(due));
    expect(contacts.transitions).toEqual([
      { contactId: CONTACT, name: 'qualify', patch: { channel: 'demand_generation' } },
    ]);
  });

  it('refuses unknown or retired product lines with a 400 naming productLines', async () => {
    const { service, leads, unitOfWork } = setup();
    const refused = service.qualify(CONTACT, { productLines: ['router', 'nope', 'old'], maturity: 'M3' }, agent);
    await expect(refused).rejects.toThrow('unknown product lines: nope, old');
    await expect(refused).rejects.toMatchObject({
      code: 'validation_failed',
      fieldErrors: [{ field: 'productLines', message: 'unknown or inactive catalog codes: nope, old' }],
    });
    expect(leads.leads.size).toBe(0);
    expect(unitOfWork.rolledBack).toBe(1);
  });

  it('revokes the open handoff when the lead is re-qualified', async () => {
    const { service, handoffs, notifier, timeline, contacts } = setup();
    const first = await service.qualify(CONTACT, field, agent);
    const second = await service.qualify(CONTACT, field, agent);

    expect(second.leadId).toBe(first.leadId);
    expect(handoffs.story(first.leadId)).toEqual([`revoked:${SPECIALIST}`, `offered:${SPECIALIST}`]);
    expect(handoffs.handoffs[0].decisionReason).toBe('re-qualified');
    expect(timeline.types()).toEqual([
      'lead.qualified',
      'handoff.offered',
      'lead.routed',
      'handoff.revoked',
      'lead.requalified',
      'handoff.offered',
      'lead.routed',
    ]);
    expect(notifier.events()).toEqual([
      `handoff->user:${SPECIALIST}`,
      `handoff:revoked->user:${SPECIALIST}`,
      `handoff->user:${SPECIALIST}`,
    ]);
    expect(contacts.transitions.map((t) => t.name)).toEqual(['qualify', 'qualify']);
  });
});
