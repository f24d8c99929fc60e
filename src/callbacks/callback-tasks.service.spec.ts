import type { Principal } from '../auth/auth.types';
import { CallbackTaskRepository } from '../channels/voice/callback-task.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { FakeCallbackTaskRepository } from '../../test/fakes/fake-callback-tasks';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPort } from '../../test/fakes/public';
import { CallbackTasksService } from './callback-tasks.service';

const AGENT = '7f3e0000-0000-4000-8000-000000000001';
const supervisor: Principal = {
  id: '7f3e0000-0000-4000-8000-00000000000s',
  email: 's@example.test',
  roles: ['supervisor'],
};
const OTHER = '7f3e0000-0000-4000-8000-000000000002';
const agent: Principal = { id: AGENT, email: 'a@example.test', roles: ['agent'] };

describe('CallbackTasksService', () => {
  let unitOfWork: FakeUnitOfWork;
  let tasks: FakeCallbackTaskRepository;
  let timeline: FakeTimeline;
  let service: CallbackTasksService;

  beforeEach(() => {
    unitOfWork = new FakeUnitOfWork();
    tasks = new FakeCallbackTaskRepository();
    tasks.activeUsers.add(AGENT);
    timeline = new FakeTimeline();
    service = new CallbackTasksService(
      unitOfWork,
      asPort<CallbackTaskRepository>(tasks),
      asPort<TimelineRepository>(timeline),
    );
  });

  const aTask = (contactId: string) =>
    tasks.add({ contactId, personId: 'p-1', phone: '+819012345678', reason: 'no-answer', language: 'ja' });

  it('lists open tasks oldest first by default, or those of one agent', async () => {
    const first = aTask('c-1');
    const second = aTask('c-2');
    tasks.add({ contactId: 'c-3', personId: null, phone: '+81', reason: 'busy', language: 'ja', status: 'done' });
    second.assignedAgentId = AGENT;
    expect((await service.list({}, supervisor)).map((t) => t.id)).toEqual([first.id, second.id]);
    expect((await service.list({ assignedAgentId: AGENT }, supervisor)).map((t) => t.id)).toEqual([second.id]);
    expect((await service.list({ status: 'done' }, supervisor)).map((t) => t.contactId)).toEqual(['c-3']);
  });

  it('sorts open tasks by due time, overdue first; a missed call is due when it was missed', async () => {
    const missed = aTask('c-1'); // created at 0 ms: due since then
    const later = tasks.add({ contactId: 'c-2', personId: null, phone: '+81', reason: 'scheduled', language: 'ja' });
    later.dueAt = new Date(10_000);
    const overdue = tasks.add({ contactId: 'c-3', personId: null, phone: '+81', reason: 'scheduled', language: 'en' });
    overdue.dueAt = new Date(-5_000);
    const listed = await service.list({}, supervisor);
    expect(listed.map((t) => t.id)).toEqual([overdue.id, missed.id, later.id]);
    expect(listed[0].dueAt).toEqual(new Date(-5_000));
  });

  it("shows an agent the unassigned tasks and their own, never another agent's (404)", async () => {
    tasks.activeUsers.add(OTHER);
    const free = aTask('c-1');
    const mine = aTask('c-2');
    const theirs = aTask('c-3');
    mine.assignedAgentId = AGENT;
    theirs.assignedAgentId = OTHER;
    expect((await service.list({}, agent)).map((t) => t.id)).toEqual([free.id, mine.id]);
    await expect(service.update(theirs.id, { status: 'done' }, agent)).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.update(free.id, { assignedAgentId: OTHER }, agent)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await service.update(free.id, { assignedAgentId: AGENT }, agent)).toMatchObject({ assignedAgentId: AGENT });
    expect(theirs.status).toBe('open');
  });

  it('assigns, closes and annotates a task, and says so in the contact timeline', async () => {
    const task = aTask('c-1');
    const view = await service.update(
      task.id,
      { status: 'done', assignedAgentId: AGENT, note: 'called back' },
      supervisor,
    );
    expect(view).toMatchObject({ status: 'done', assignedAgentId: AGENT, note: 'called back' });
    expect(timeline.events).toEqual([
      expect.objectContaining({
        type: 'callback.task_updated',
        actor: `user:${supervisor.id}`,
        contactId: 'c-1',
        personId: 'p-1',
        data: { taskId: task.id, from: 'open', to: 'done', assignedAgentId: AGENT, note: 'called back' },
      }),
    ]);
  });

  it('frees a task with a null agent', async () => {
    const task = aTask('c-1');
    task.assignedAgentId = AGENT;
    expect(await service.update(task.id, { assignedAgentId: null }, supervisor)).toMatchObject({
      assignedAgentId: null,
    });
  });

  it('changes nothing and records nothing for an empty update', async () => {
    const task = aTask('c-1');
    expect(await service.update(task.id, {}, supervisor)).toMatchObject({ id: task.id, status: 'open' });
    expect(timeline.events).toEqual([]);
  });

  it('refuses an agent who is no active user', async () => {
    const task = aTask('c-1');
    await expect(
      service.update(task.id, { assignedAgentId: '7f3e0000-0000-4000-8000-000000000009' }, supervisor),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(tasks.rows[0].assignedAgentId).toBeNull();
    expect(timeline.events).toEqual([]);
    expect(unitOfWork.rolledBack).toBe(1);
  });

  it('answers not found for an unknown task', async () => {
    await expect(
      service.update('7f3e0000-0000-4000-8000-000000000404', { status: 'done' }, supervisor),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
