import type { Principal } from '../../auth/auth.types';
import { JobName } from '../../queues/queue.constants';
import { guid } from '../../../test/fakes/guid';
import { routableContact } from '../../../test/fakes/fake-routable-contacts';
import { workWorld, WorkWorld } from '../../../test/fakes/work-world';

const ALICE = guid('e', 1);
const BOB = guid('e', 2);
const CONTACT = guid('c', 1);
const principal = (id: string, roles: Principal['roles'] = ['agent']): Principal => ({
  id,
  roles,
  email: `${id}@example.com`,
});

describe('TransferService', () => {
  let w: WorkWorld;
  let assignmentId: string;

  beforeEach(() => {
    w = workWorld();
    w.rosterRecords.add({ id: ALICE });
    w.rosterRecords.add({ id: BOB });
    w.store.live.set(BOB, 'available');
    w.contacts.add(routableContact(CONTACT, { status: 'assigned', person_id: guid('d', 1) }));
    assignmentId = w.assignments.add({ contactId: CONTACT, agentId: ALICE }).id;
  });

  it('to an agent: ends the assignment, offers the contact with reason transfer, sends it after the commit', async () => {
    const result = await w.transfers.transfer(principal(ALICE), CONTACT, { agentId: BOB });
    expect(result).toEqual({ contactId: CONTACT, status: 'offered', agentId: BOB, offerId: expect.any(String) });
    expect(w.assignments.active()).toEqual([]);
    expect(w.assignments.assignments[0].endReason).toBe(`transferred to agent ${BOB}`);
    expect(w.contacts.statusOf(CONTACT)).toBe('offered');
    expect(w.contacts.transitions.map((t) => t.name)).toEqual(['transfer', 'offer']);
    expect(w.timeline.events.map((e) => e.type)).toEqual(['assignment.ended', 'contact.transferred', 'offer.made']);
    expect(w.notifier.events('offer')).toEqual([
      {
        to: `user:${BOB}`,
        payload: expect.objectContaining({ reason: 'transfer', transferredBy: { id: ALICE, name: `Agent ${ALICE}` } }),
      },
    ]);
    expect(w.jobs.jobs.map((j) => j.name)).toEqual([JobName.DispatchAgent, JobName.ExpireOffer]);
  });

  it('to a channel: queued in that channel and dispatched, the transferring agent freed', async () => {
    const result = await w.transfers.transfer(principal(ALICE), CONTACT, { channel: 'e_coverage' });
    expect(result).toEqual({ contactId: CONTACT, status: 'queued', channel: 'e_coverage' });
    expect(w.contacts.contacts.get(CONTACT)).toMatchObject({ status: 'queued', channel: 'e_coverage' });
    expect(w.profiles.profile(ALICE).idleMarks).toBe(1);
    expect(w.jobs.jobs.map((j) => j.id)).toEqual([
      `${JobName.DispatchAgent}.${ALICE}.after.${assignmentId}`,
      `${JobName.DispatchContact}.${CONTACT}.transfer.${assignmentId}`,
    ]);
    expect(w.timeline.events[1]).toMatchObject({
      type: 'contact.transferred',
      data: { fromAgentId: ALICE, byId: ALICE, channel: 'e_coverage', fromChannel: 'e_sales' },
    });
  });

  it.each<[string, () => void, string]>([
    ['the agent is away', () => w.store.live.set(BOB, 'away'), 'is away or offline'],
    [
      'the agent is at capacity',
      () => {
        w.rosterRecords.add({ id: BOB, capacity: { web: 1 } });
        w.assignments.add({ contactId: guid('c', 9), agentId: BOB, medium: 'web' });
      },
      'is at capacity',
    ],
  ])('answers 409 when %s, naming agentId, and changes nothing', async (_name, arrange, message) => {
    arrange();
    await expect(w.transfers.transfer(principal(ALICE), CONTACT, { agentId: BOB })).rejects.toMatchObject({
      code: 'conflict',
      fieldErrors: [{ field: 'agentId', message }],
    });
    expect(w.assignments.active().map((a) => a.agentId)).toContain(ALICE);
    expect(w.contacts.statusOf(CONTACT)).toBe('assigned');
    expect(w.notifier.sent).toEqual([]);
    expect(w.unitOfWork.rolledBack).toBe(1);
  });

  it.each<[string, string, string, string | undefined]>([
    ['an unknown agent', guid('e', 9), 'not_found', undefined],
    ['the agent already holding it', ALICE, 'validation_failed', 'agentId'],
  ])('refuses %s', async (_name, agentId, code, field) => {
    const error = await w.transfers.transfer(principal(ALICE), CONTACT, { agentId }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    if (field) expect(error).toMatchObject({ fieldErrors: [expect.objectContaining({ field })] });
  });

  it('refuses a user who takes no offers (a supervisor) with 400 naming agentId', async () => {
    const sam = guid('e', 5);
    w.rosterRecords.others.set(sam, { id: sam, name: 'Sam', roles: ['supervisor'], active: true });
    await expect(w.transfers.transfer(principal(ALICE), CONTACT, { agentId: sam })).rejects.toMatchObject({
      code: 'validation_failed',
      fieldErrors: [{ field: 'agentId', message: 'is not an active agent' }],
    });
  });

  it('answers 403 to an agent who does not hold the contact, 404 outside their scope; a supervisor may', async () => {
    await expect(w.transfers.transfer(principal(BOB), CONTACT, { channel: 'e_sales' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    w.hiddenFrom.set(CONTACT, BOB);
    await expect(w.transfers.transfer(principal(BOB), CONTACT, { channel: 'e_sales' })).rejects.toMatchObject({
      code: 'not_found',
    });
    const sup = guid('e', 7);
    await expect(
      w.transfers.transfer(principal(sup, ['supervisor']), CONTACT, { channel: 'e_sales' }),
    ).resolves.toMatchObject({ status: 'queued' });
  });

  it('answers 409 when the contact is no longer assigned (a transfer or wrap-up won the race)', async () => {
    await w.transfers.transfer(principal(ALICE), CONTACT, { channel: 'e_sales' });
    await expect(
      w.transfers.transfer(principal(ALICE, ['supervisor']), CONTACT, { agentId: BOB }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});
