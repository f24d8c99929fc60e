import type { Principal } from '../../auth/auth.types';
import { guid } from '../../../test/fakes/guid';
import { routableContact } from '../../../test/fakes/fake-routable-contacts';
import { workWorld, WorkWorld } from '../../../test/fakes/work-world';

const ALICE = guid('e', 1);
const CONTACT = guid('c', 1);
const PERSON = guid('d', 1);
const alice: Principal = { id: ALICE, roles: ['agent'], email: 'alice@example.com' };

describe('WrapUpService', () => {
  let w: WorkWorld;

  beforeEach(() => {
    w = workWorld();
    w.clock.set('2026-06-01T09:00:00.000Z');
    w.contacts.add(routableContact(CONTACT, { status: 'assigned', person_id: PERSON, language: 'ja' }));
    w.phones.set(CONTACT, '+81312345678');
    w.assignments.add({ contactId: CONTACT, agentId: ALICE });
  });

  it('answered: ends the assignment, closes the contact, records the disposition, the note and the event', async () => {
    const result = await w.wrapUps.wrapUp(alice, CONTACT, { disposition: 'answered', note: '  Sent prices ' });
    expect(result).toEqual({
      contactId: CONTACT,
      status: 'closed',
      disposition: 'answered',
      callbackTaskId: null,
      noteId: expect.any(String),
    });
    expect(w.assignments.active()).toEqual([]);
    expect(w.assignments.assignments[0].endReason).toBe('wrapped up: answered');
    expect(w.contacts.statusOf(CONTACT)).toBe('closed');
    expect(w.contacts.wrapUps.get(CONTACT)).toEqual({
      disposition: 'answered',
      at: new Date('2026-06-01T09:00:00.000Z'),
    });
    expect(w.notes.rows.map((n) => n.body)).toEqual(['Sent prices']);
    expect(w.timeline.events.map((e) => e.type)).toEqual(['note.added', 'assignment.ended', 'contact.wrapped_up']);
    expect(w.timeline.events[2]).toMatchObject({
      actor: `user:${ALICE}`,
      personId: PERSON,
      data: { disposition: 'answered', agentId: ALICE, status: 'closed', noteId: result.noteId },
    });
    expect(w.callbackTasks.scheduled).toEqual([]);
  });

  it('callback_scheduled: a callback task for the agent, due at callbackAt', async () => {
    const result = await w.wrapUps.wrapUp(alice, CONTACT, {
      disposition: 'callback_scheduled',
      callbackAt: '2026-06-02T01:00:00+09:00',
    });
    expect(w.callbackTasks.scheduled).toEqual([
      {
        id: result.callbackTaskId,
        contactId: CONTACT,
        personId: PERSON,
        phone: '+81312345678',
        language: 'ja',
        assignedAgentId: ALICE,
        note: null,
        dueAt: new Date('2026-06-01T16:00:00.000Z'),
      },
    ]);
    expect(w.timeline.events.at(-1)?.data).toMatchObject({
      callbackTaskId: result.callbackTaskId,
      callbackAt: '2026-06-01T16:00:00.000Z',
    });
  });

  it('do_not_contact: marks the person', async () => {
    await w.wrapUps.wrapUp(alice, CONTACT, { disposition: 'do_not_contact' });
    expect([...w.people.doNotContact]).toEqual([PERSON]);
    expect(w.timeline.events.at(-1)?.data).toMatchObject({ doNotContact: true });
  });

  it.each<[string, { disposition: string; callbackAt?: string }, string]>([
    ['an unknown disposition', { disposition: 'made_up' }, 'disposition'],
    ['callback_scheduled without callbackAt', { disposition: 'callback_scheduled' }, 'callbackAt'],
    [
      'a callbackAt in the past',
      { disposition: 'callback_scheduled', callbackAt: '2026-06-01T08:59:59Z' },
      'callbackAt',
    ],
    [
      'a callbackAt with another disposition',
      { disposition: 'no_answer', callbackAt: '2026-06-03T00:00:00Z' },
      'callbackAt',
    ],
  ])('refuses %s with 400 naming %s and writes nothing', async (_name, request, field) => {
    await expect(w.wrapUps.wrapUp(alice, CONTACT, request)).rejects.toMatchObject({
      code: 'validation_failed',
      fieldErrors: [expect.objectContaining({ field })],
    });
    expect(w.assignments.active()).toHaveLength(1);
    expect(w.timeline.events).toEqual([]);
    expect(w.contacts.wrapUps.size).toBe(0);
  });

  it('refuses callback_scheduled when there is no phone to call', async () => {
    w.phones.delete(CONTACT);
    await expect(
      w.wrapUps.wrapUp(alice, CONTACT, { disposition: 'callback_scheduled', callbackAt: '2026-06-03T00:00:00Z' }),
    ).rejects.toMatchObject({ fieldErrors: [expect.objectContaining({ field: 'disposition' })] });
  });

  it('a custom disposition requiring callbackAt schedules a callback too', async () => {
    w.dispositions.items.push({ code: 'demo_booked', label: 'Demo booked', requiresCallbackAt: true });
    await w.wrapUps.wrapUp(alice, CONTACT, { disposition: 'demo_booked', callbackAt: '2026-06-03T00:00:00Z' });
    expect(w.callbackTasks.scheduled).toHaveLength(1);
  });

  it('answers 403 to another agent and 409 once the contact has no assignment', async () => {
    const bob: Principal = { id: guid('e', 2), roles: ['agent'], email: 'bob@example.com' };
    await expect(w.wrapUps.wrapUp(bob, CONTACT, { disposition: 'answered' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await w.wrapUps.wrapUp(alice, CONTACT, { disposition: 'answered' });
    const admin: Principal = { id: guid('e', 3), roles: ['admin'], email: 'admin@example.com' };
    await expect(w.wrapUps.wrapUp(admin, CONTACT, { disposition: 'answered' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
