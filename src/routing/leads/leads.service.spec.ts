import { Logger } from '@nestjs/common';
import type { ContactRepository } from '../../contacts/contact.repository';
import type { TimelineRepository } from '../../timeline/timeline.repository';
import { FakeJobQueue } from '../../../test/fakes/fake-job-queue';
import { FakeHandoffRepository, FakeLeadRepository } from '../../../test/fakes/fake-leads';
import { FakeAssignmentRepository } from '../../../test/fakes/fake-offer-repositories';
import { FakeContactRepository, routableContact } from '../../../test/fakes/fake-routable-contacts';
import { FakeTimeline } from '../../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { asPort } from '../../../test/fakes/public';
import { JobName } from '../../queues/queue.constants';
import type { AssignmentRepository } from '../offers/assignment.repository';
import type { HandoffRepository } from './handoff.repository';
import type { LeadRepository } from './lead.repository';
import { LeadsService } from './leads.service';

const CONTACT = '00000000-0000-4000-8000-00000000c0c0';
const DUE = '2026-07-01T09:00:00.000Z';
const SUPERVISOR = {
  id: '00000000-0000-4000-8000-0000000005f0',
  email: 'sup@example.test',
  roles: ['supervisor' as const],
};

function setup(contactStatus: 'qualified' | 'queued' | 'offered' = 'qualified') {
  const unitOfWork = new FakeUnitOfWork();
  const leads = new FakeLeadRepository();
  const handoffs = new FakeHandoffRepository();
  const contacts = new FakeContactRepository();
  contacts.add(
    routableContact(CONTACT, {
      medium: 'email',
      from_name: 'Ada',
      from_email: 'ada@example.com',
      from_company: 'Acme',
      subject: null,
      body: '',
      created_at: new Date(0),
      status: contactStatus,
      channel: 'demand_generation',
    }),
  );
  const assignments = new FakeAssignmentRepository();
  const timeline = new FakeTimeline();
  const jobs = new FakeJobQueue();
  const service = new LeadsService(
    unitOfWork,
    asPort<LeadRepository>(leads),
    asPort<HandoffRepository>(handoffs),
    contacts as Partial<ContactRepository> as ContactRepository,
    asPort<AssignmentRepository>(assignments),
    asPort<TimelineRepository>(timeline),
    jobs,
  );
  const lead = leads.seed({ contactId: CONTACT, route: 'nurture', followUpAt: new Date(DUE) });
  return { unitOfWork, leads, handoffs, contacts, assignments, timeline, jobs, service, lead };
}

describe('LeadsService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  describe('followUp', () => {
    it('puts a nurtured contact back in the Demand Generation queue on its date', async () => {
      const { service, lead, contacts, timeline, jobs } = setup();
      await expect(service.followUp(lead.id, DUE)).resolves.toBe('requeued');

      expect(contacts.transitions).toEqual([
        { contactId: CONTACT, name: 'reopen', patch: { channel: 'demand_generation' } },
      ]);
      expect(contacts.contacts.get(CONTACT)?.status).toBe('queued');
      expect(timeline.types()).toEqual(['lead.follow_up_due']);
      expect(jobs.jobs.map((j) => j.id)).toEqual([
        `${JobName.DispatchContact}.${CONTACT}.follow-up.${new Date(DUE).getTime()}`,
      ]);
    });

    it('changes nothing when the timer is delivered again', async () => {
      const { service, lead, timeline, jobs } = setup();
      await service.followUp(lead.id, DUE);
      await expect(service.followUp(lead.id, DUE)).resolves.toBe('busy');
      expect(timeline.events).toHaveLength(1);
      expect(jobs.jobs).toHaveLength(1);
    });

    it('answers missing for an unknown lead', async () => {
      const { service } = setup();
      await expect(service.followUp('00000000-0000-4000-8000-00000000dead', DUE)).resolves.toBe('missing');
    });

    it('skips a lead re-routed since, or with another follow-up date', async () => {
      const { service, lead, leads, jobs, contacts } = setup();
      await expect(service.followUp(lead.id, '2026-08-01T09:00:00.000Z')).resolves.toBe('not_due');
      leads.leads.set(lead.id, { ...lead, route: 'field' });
      await expect(service.followUp(lead.id, DUE)).resolves.toBe('not_due');
      expect(jobs.jobs).toEqual([]);
      expect(contacts.transitions).toEqual([]);
    });

    it('leaves a contact an agent holds, or one offered to an agent, alone', async () => {
      const held = setup();
      held.assignments.add({ contactId: CONTACT, agentId: '00000000-0000-4000-8000-00000000a9e1' });
      await expect(held.service.followUp(held.lead.id, DUE)).resolves.toBe('busy');
      expect(held.jobs.jobs).toEqual([]);

      const offered = setup('offered');
      await expect(offered.service.followUp(offered.lead.id, DUE)).resolves.toBe('busy');
      expect(offered.contacts.transitions).toEqual([]);
    });
  });

  describe('reads', () => {
    it('shows a lead with its assignee, handoffs and history', async () => {
      const { service, lead, leads, handoffs, timeline } = setup();
      const specialist = '00000000-0000-4000-8000-0000000005e1';
      leads.leads.set(lead.id, { ...lead, route: 'field', assigneeId: specialist });
      leads.names.set(specialist, 'Sam');
      await handoffs.offer({
        leadId: lead.id,
        specialistId: specialist,
        reason: 'r',
        triedIds: [specialist],
        dueAt: new Date(DUE),
      });
      await timeline.append({ type: 'lead.qualified', actor: 'system', contactId: CONTACT });

      const view = await service.get(lead.id, SUPERVISOR);
      expect(view.assignee).toEqual({ kind: 'deal_specialist', id: specialist, name: 'Sam' });
      expect(view.handoffs).toMatchObject([{ specialistId: specialist, status: 'offered', dueAt: DUE }]);
      expect(view.history.map((e) => e.type)).toEqual(['lead.qualified']);
      await expect(service.get('00000000-0000-4000-8000-00000000dead', SUPERVISOR)).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it('lists stalled leads', async () => {
      const { service, lead, leads } = setup();
      const stalled = leads.seed({ contactId: '00000000-0000-4000-8000-00000000c0c1', stalledAt: new Date(DUE) });
      expect((await service.list({ stalled: 'true' }, SUPERVISOR)).map((l) => l.id)).toEqual([stalled.id]);
      expect((await service.list({ stalled: 'false' }, SUPERVISOR)).map((l) => l.id)).toEqual([lead.id]);
    });

    it('shows an agent only the leads they qualified, and answers 404 for the others', async () => {
      const { service, lead, leads } = setup();
      const agent = { id: '00000000-0000-4000-8000-0000000000a1', email: 'a@example.test', roles: ['agent' as const] };
      const own = leads.seed({ contactId: '00000000-0000-4000-8000-00000000c0c2', ownerId: agent.id });
      expect((await service.list({}, agent)).map((l) => l.id)).toEqual([own.id]);
      await expect(service.get(lead.id, agent)).rejects.toMatchObject({ code: 'not_found' });
      expect((await service.get(own.id, agent)).id).toBe(own.id);
    });
  });
});
