import type { Principal } from '../../auth/auth.types';
import { DomainError } from '../../common/domain-error';
import { JobName } from '../../queues/queue.constants';
import { guid } from '../../../test/fakes/guid';
import { offersWorld, OffersWorld } from '../../../test/fakes/offers-world';
import { routableContact } from '../../../test/fakes/fake-routable-contacts';

const AGENT = guid('e', 1);
const CONTACT = guid('c', 1);

const principal = (id: string, roles: Principal['roles'] = ['agent']): Principal => ({
  id,
  roles,
  email: `${id}@example.com`,
});

function codeOf(error: unknown): string | undefined {
  return error instanceof DomainError ? error.code : undefined;
}

describe('AssignmentsService', () => {
  let w: OffersWorld;

  beforeEach(() => {
    w = offersWorld();
  });

  function assigned(status: 'assigned' | 'qualified' = 'assigned') {
    w.contacts.add(routableContact(CONTACT, { status, person_id: guid('d', 1) }));
    return w.assignments.add({ contactId: CONTACT, agentId: AGENT });
  }

  describe('end', () => {
    it('closes the contact, frees the agent and dispatches them again, telling supervisors after the commit', async () => {
      const assignment = assigned();
      expect(await w.assignmentsService.end(principal(AGENT), CONTACT)).toEqual({
        contactId: CONTACT,
        status: 'closed',
      });

      expect(w.assignments.active()).toEqual([]);
      expect(w.assignments.assignments[0].endReason).toBe('finished by the agent');
      expect(w.contacts.statusOf(CONTACT)).toBe('closed');
      expect(w.profiles.profile(AGENT).idleMarks).toBe(1);
      expect(w.jobs.jobs).toEqual([
        {
          name: JobName.DispatchAgent,
          id: `${JobName.DispatchAgent}.${AGENT}.after.${assignment.id}`,
          payload: { agentId: AGENT, cause: `after.${assignment.id}` },
          runAt: null,
        },
      ]);
      expect(w.timeline.events).toEqual([
        expect.objectContaining({
          type: 'assignment.ended',
          actor: `user:${AGENT}`,
          personId: guid('d', 1),
          data: { assignmentId: assignment.id, agentId: AGENT, reason: 'finished by the agent', status: 'closed' },
        }),
      ]);
      expect(w.notifier.changes).toEqual(['assignment_ended']);
    });

    it('keeps a qualified contact qualified: its lead goes on', async () => {
      assigned('qualified');
      expect(await w.assignmentsService.end(principal(AGENT), CONTACT, 'handed to sales')).toEqual({
        contactId: CONTACT,
        status: 'qualified',
      });
      expect(w.contacts.statusOf(CONTACT)).toBe('qualified');
      expect(w.contacts.transitions).toEqual([]);
    });

    it('refuses another agent, and changes nothing', async () => {
      assigned();
      expect(codeOf(await w.assignmentsService.end(principal(guid('e', 2)), CONTACT).catch((e: unknown) => e))).toBe(
        'forbidden',
      );
      expect(w.assignments.active()).toHaveLength(1);
      expect(w.jobs.jobs).toEqual([]);
      expect(w.notifier.changes).toEqual([]);
    });

    it('lets a supervisor end anyone’s assignment', async () => {
      assigned();
      const supervisor = guid('e', 3);
      await w.assignmentsService.end(principal(supervisor, ['supervisor']), CONTACT);
      expect(w.timeline.events[0]).toMatchObject({ actor: `user:${supervisor}`, data: { agentId: AGENT } });
      expect(w.jobs.jobs[0].payload).toMatchObject({ agentId: AGENT });
    });

    it('refuses an unknown contact, and one nobody holds (a second end)', async () => {
      expect(codeOf(await w.assignmentsService.end(principal(AGENT), CONTACT).catch((e: unknown) => e))).toBe(
        'not_found',
      );
      assigned();
      await w.assignmentsService.end(principal(AGENT), CONTACT);
      expect(codeOf(await w.assignmentsService.end(principal(AGENT), CONTACT).catch((e: unknown) => e))).toBe(
        'conflict',
      );
      expect(w.jobs.jobs).toHaveLength(1);
    });
  });

  describe('handOver', () => {
    it('ends every active assignment of the contact inside the caller’s unit, and dispatches each agent', async () => {
      w.contacts.add(routableContact(CONTACT, { status: 'assigned' }));
      const first = w.assignments.add({ contactId: CONTACT, agentId: AGENT });
      await w.unitOfWork.run(() => w.assignmentsService.handOver(CONTACT, null, 'e_sales'));

      expect(w.assignments.active()).toEqual([]);
      expect(w.assignments.assignments[0].endReason).toBe('e_sales');
      expect(w.profiles.profile(AGENT).idleMarks).toBe(1);
      expect(w.timeline.events).toEqual([
        expect.objectContaining({
          type: 'assignment.ended',
          actor: 'system',
          data: { assignmentId: first.id, agentId: AGENT, reason: 'e_sales' },
        }),
      ]);
      expect(w.jobs.jobs.map((j) => j.id)).toEqual([`${JobName.DispatchAgent}.${AGENT}.after.${first.id}`]);
      expect(w.unitOfWork.committed).toBe(1);
    });

    it('does nothing for a contact nobody holds', async () => {
      await w.assignmentsService.handOver(CONTACT, null, 'e_sales');
      expect(w.jobs.jobs).toEqual([]);
      expect(w.timeline.events).toEqual([]);
    });
  });
});
