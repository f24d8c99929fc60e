import { JobName } from '../../queues/queue.constants';
import { guid } from '../../../test/fakes/guid';
import { offersWorld, OffersWorld } from '../../../test/fakes/offers-world';
import { routableContact } from '../../../test/fakes/fake-routable-contacts';

const ANN = guid('e', 1);
const BOB = guid('e', 2);
const CONTACT = guid('c', 1);

describe('DispatchService', () => {
  let w: OffersWorld;

  beforeEach(() => {
    w = offersWorld();
  });

  function availableAgent(id: string, idleSince = '2026-06-01T08:00:00.000Z') {
    w.rosterRecords.add({ id, idleSince: new Date(idleSince) });
    w.store.live.set(id, 'available');
  }

  describe('dispatchContact', () => {
    it('offers a queued contact to the longest-idle available agent, sending the offer after the commit', async () => {
      availableAgent(ANN, '2026-06-01T07:00:00.000Z');
      availableAgent(BOB, '2026-06-01T08:00:00.000Z');
      w.contacts.add(routableContact(CONTACT));

      const outcome = await w.dispatch.dispatchContact(CONTACT);

      expect(outcome).toEqual({ outcome: 'offered', agentId: ANN, reason: expect.any(String) });
      expect(w.contacts.statusOf(CONTACT)).toBe('offered');
      expect(w.profiles.locks).toEqual([ANN]);
      const [offer] = [...w.offerRecords.offers.values()];
      expect(offer).toMatchObject({ agentId: ANN, contactId: CONTACT, status: 'pending' });
      expect(w.notifier.events('offer')).toEqual([
        { to: `user:${ANN}`, payload: expect.objectContaining({ offerId: offer.id, contactId: CONTACT }) },
      ]);
      expect(w.jobs.jobs.map((j) => j.name)).toEqual([JobName.ExpireOffer]);
      expect(w.unitOfWork.committed).toBe(1);
    });

    it('settles the dispatch job it stands in for, in its own unit, whatever the outcome', async () => {
      const waiting = w.contacts.add(routableContact(guid('c', 2)));
      // Nobody available yet: it waits.
      expect(await w.dispatch.dispatchContact(waiting.id, 'queued')).toMatchObject({ outcome: 'waiting' });
      availableAgent(ANN);
      w.contacts.add(routableContact(CONTACT));
      expect(await w.dispatch.dispatchContact(CONTACT, 'queued')).toMatchObject({ outcome: 'offered' });
      // The job itself, run by the routing worker: nothing to settle.
      expect(await w.dispatch.dispatchContact(CONTACT)).toEqual({ outcome: 'not_queued' });

      expect(w.jobs.settled).toEqual([
        `${JobName.DispatchContact}.${waiting.id}.queued`,
        `${JobName.DispatchContact}.${CONTACT}.queued`,
      ]);
      expect(w.unitOfWork.committed).toBe(3);
    });

    it('passes over an agent another dispatch is claiming, for the next best, without waiting', async () => {
      availableAgent(ANN, '2026-06-01T07:00:00.000Z');
      availableAgent(BOB, '2026-06-01T08:00:00.000Z');
      w.contacts.add(routableContact(CONTACT));
      w.profiles.contended.add(ANN);

      const outcome = await w.dispatch.dispatchContact(CONTACT);

      expect(outcome).toEqual({ outcome: 'offered', agentId: BOB, reason: expect.any(String) });
      expect(w.profiles.locks).toEqual([BOB]);
      expect([...w.offerRecords.offers.values()]).toMatchObject([{ agentId: BOB, status: 'pending' }]);
    });

    it('waits for the best agent when every candidate is being claimed, so the contact is never left behind', async () => {
      availableAgent(ANN, '2026-06-01T07:00:00.000Z');
      availableAgent(BOB, '2026-06-01T08:00:00.000Z');
      w.contacts.add(routableContact(CONTACT));
      w.profiles.contended.add(ANN);
      w.profiles.contended.add(BOB);

      const outcome = await w.dispatch.dispatchContact(CONTACT);

      // lockCapacity (the waiting lock) is what the fake records for a contended agent.
      expect(outcome).toEqual({ outcome: 'offered', agentId: ANN, reason: expect.any(String) });
      expect(w.profiles.locks).toEqual([ANN]);
    });

    it('leaves a contact nobody can take waiting, and tells supervisors', async () => {
      w.contacts.add(routableContact(CONTACT));
      const outcome = await w.dispatch.dispatchContact(CONTACT);
      expect(outcome.outcome).toBe('waiting');
      expect(w.contacts.statusOf(CONTACT)).toBe('queued');
      expect(w.jobs.jobs).toEqual([]);
      expect(w.notifier.changes).toEqual(['contact_waiting']);
    });

    it('does nothing for a contact no longer queued (a redelivered dispatch)', async () => {
      availableAgent(ANN);
      w.contacts.add(routableContact(CONTACT, { status: 'offered' }));
      expect(await w.dispatch.dispatchContact(CONTACT)).toEqual({ outcome: 'not_queued' });
      expect(await w.dispatch.dispatchContact(guid('c', 404))).toEqual({ outcome: 'not_queued' });
      expect(w.offerRecords.offers.size).toBe(0);
      expect(w.notifier.sent).toEqual([]);
    });

    it('dispatches again when the retry window lapses if everyone who could take it passed lately', async () => {
      availableAgent(ANN);
      w.contacts.add(routableContact(CONTACT));
      w.offerRecords.passed.set(CONTACT, [ANN]);

      const outcome = await w.dispatch.dispatchContact(CONTACT);

      expect(outcome.outcome).toBe('waiting');
      const runAt = new Date('2026-06-01T09:01:00.000Z');
      const window = Math.floor(runAt.getTime() / 60_000);
      expect(w.jobs.jobs).toEqual([
        {
          name: JobName.DispatchContact,
          id: `${JobName.DispatchContact}.${CONTACT}.retry-${window}`,
          payload: { contactId: CONTACT, cause: `retry-${window}` },
          runAt,
        },
      ]);
    });

    it('moves on to the next agent when the chosen one is found away once locked', async () => {
      availableAgent(ANN, '2026-06-01T07:00:00.000Z');
      availableAgent(BOB, '2026-06-01T08:00:00.000Z');
      w.contacts.add(routableContact(CONTACT));
      // Ann goes away between the unlocked roster read and the locked re-read.
      const statuses = w.store.statuses.bind(w.store);
      w.store.statuses = async (ids) => {
        const read = await statuses(ids);
        w.store.live.set(ANN, 'away');
        return read;
      };

      expect(await w.dispatch.dispatchContact(CONTACT)).toMatchObject({ outcome: 'offered', agentId: BOB });
      expect(w.profiles.locks).toEqual([ANN, BOB]);
    });
  });

  describe('dispatchAgent', () => {
    it('offers the waiting contacts in priority order and stops at the agent’s capacity', async () => {
      availableAgent(ANN);
      w.rosterRecords.add({ id: ANN, capacity: { web: 2 } });
      const oldest = routableContact(guid('c', 1), { created_at: new Date('2026-06-01T08:00:00.000Z') });
      // Asks about servers from an account in the line's target segment: served before older contacts.
      w.productLines.setSegments('server', [{ name: 'Large accounts', segment: 'enterprise', bonus: 60 }]);
      const enterprise = routableContact(guid('c', 2), {
        created_at: new Date('2026-06-01T08:40:00.000Z'),
        product_line: 'server',
        segment: 'enterprise',
      });
      const fresh = routableContact(guid('c', 3), { created_at: new Date('2026-06-01T08:55:00.000Z') });
      // Stored freshest first: the order offered is the queue's priority, not the store's.
      [fresh, enterprise, oldest].forEach((c) => w.contacts.add(c));

      expect(await w.dispatch.dispatchAgent(ANN)).toBe(2);

      const offers = w.notifier.events('offer').map((e) => e.payload as { contactId: string; reason: string });
      expect(offers.map((o) => o.contactId)).toEqual([enterprise.id, oldest.id]);
      expect(offers[0].reason).toContain('priority: target segment "Large accounts" of server (+60)');
      expect(offers[1].reason).not.toContain('target segment');
      expect(w.contacts.statusOf(fresh.id)).toBe('queued');
      expect(w.unitOfWork.committed).toBe(2);
    });

    it('offers nothing to an agent who is not available', async () => {
      w.rosterRecords.add({ id: ANN });
      w.store.live.set(ANN, 'away');
      w.contacts.add(routableContact(CONTACT));
      expect(await w.dispatch.dispatchAgent(ANN)).toBe(0);
      expect(await w.dispatch.dispatchAgent(guid('e', 404))).toBe(0);
      expect(w.offerRecords.offers.size).toBe(0);
    });

    it('skips a contact another dispatch took meanwhile', async () => {
      availableAgent(ANN);
      w.contacts.add(routableContact(CONTACT));
      const lock = w.contacts.lockRoutable.bind(w.contacts);
      w.contacts.lockRoutable = async (id) => ({ ...(await lock(id))!, status: 'offered' });
      expect(await w.dispatch.dispatchAgent(ANN)).toBe(0);
      expect(w.notifier.sent).toEqual([]);
    });
  });
});
