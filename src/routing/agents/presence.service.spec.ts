import { JobName } from '../../queues/queue.constants';
import { guid } from '../../../test/fakes/guid';
import { offersWorld, OffersWorld } from '../../../test/fakes/offers-world';
import { routableContact } from '../../../test/fakes/fake-routable-contacts';
import { RECONCILE_SETTLE_MS } from './presence.service';

const ANN = guid('e', 1);
const BOB = guid('e', 2);

describe('PresenceService', () => {
  let w: OffersWorld;

  beforeEach(() => {
    w = offersWorld();
  });

  describe('set', () => {
    it('going available records it, dispatches the agent with the change as cause, then writes the live status', async () => {
      expect(await w.presence.set(ANN, 'available', 'set by the agent')).toBe('available');

      const changedAt = new Date('2026-06-01T09:00:00.000Z').getTime();
      expect(w.profiles.profile(ANN)).toMatchObject({ presence: 'available', changedAt: new Date(changedAt) });
      expect(w.jobs.jobs).toEqual([
        {
          name: JobName.DispatchAgent,
          id: `${JobName.DispatchAgent}.${ANN}.available.${changedAt}`,
          payload: { agentId: ANN, cause: `available.${changedAt}` },
          runAt: null,
        },
      ]);
      expect(w.store.writes).toEqual([{ agentId: ANN, status: 'available' }]);
      expect(w.notifier.events('presence')).toEqual([
        { to: `user:${ANN}`, payload: { status: 'available', reason: 'set by the agent' } },
      ]);
      expect(w.profiles.locks).toEqual([ANN]);
    });

    it('a second change a moment later is a second dispatch, with its own cause', async () => {
      await w.presence.set(ANN, 'available', 'x');
      w.clock.advance(1500);
      await w.presence.set(ANN, 'available', 'x');
      expect(w.jobs.jobs.map((j) => (j.payload as { cause: string }).cause)).toEqual([
        `available.${Date.parse('2026-06-01T09:00:00.000Z')}`,
        `available.${Date.parse('2026-06-01T09:00:01.500Z')}`,
      ]);
    });

    it('writes the live status only after the commit, and not at all when the unit rolls back', async () => {
      let writesInside: unknown[] = [];
      await w.unitOfWork.run(async () => {
        await w.presence.set(ANN, 'away', 'x');
        writesInside = [...w.store.writes];
      });
      expect(writesInside).toEqual([]);
      expect(w.store.writes).toEqual([{ agentId: ANN, status: 'away' }]);

      await expect(
        w.unitOfWork.run(async () => {
          await w.presence.set(BOB, 'available', 'x');
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(w.store.writes).toEqual([{ agentId: ANN, status: 'away' }]);
      expect(w.notifier.events('presence')).toHaveLength(1);
    });

    it('going away takes back the agent’s pending offers, and dispatches no agent', async () => {
      w.store.live.set(ANN, 'available');
      w.contacts.add(routableContact(guid('c', 1), { status: 'offered' }));
      const offer = w.offerRecords.add({ contactId: guid('c', 1), agentId: ANN });

      await w.presence.set(ANN, 'away', 'lunch');

      expect(w.store.live.get(ANN)).toBe('away');
      expect(w.offerRecords.statusOf(offer.id)).toBe('revoked');
      expect(w.notifier.events('offer:revoked')).toEqual([
        { to: `user:${ANN}`, payload: { offerId: offer.id, reason: 'agent_unavailable' } },
      ]);
      expect(w.jobs.jobs.map((j) => j.name)).toEqual([JobName.DispatchContact]);
    });

    it('going offline removes the live status', async () => {
      w.store.live.set(ANN, 'available');
      await w.presence.set(ANN, 'offline', 'x');
      expect(w.store.live.has(ANN)).toBe(false);
      expect(w.profiles.profile(ANN).presence).toBe('offline');
    });
  });

  describe('connections and the grace period', () => {
    it('starts the grace timer when the last socket of a present agent goes', async () => {
      w.store.live.set(ANN, 'available');
      await w.presence.connected(ANN, 'socket-1');
      await w.presence.connected(ANN, 'socket-2');
      await w.presence.disconnected(ANN, 'socket-1');
      expect(w.jobs.jobs).toEqual([]);

      await w.presence.disconnected(ANN, 'socket-2');
      expect(w.jobs.jobs).toEqual([
        {
          name: JobName.PresenceGrace,
          id: `${JobName.PresenceGrace}.${ANN}.socket-2`,
          payload: { agentId: ANN, socketId: 'socket-2' },
          runAt: new Date('2026-06-01T09:00:10.000Z'),
        },
      ]);
    });

    it('starts no timer for an agent already offline', async () => {
      await w.presence.connected(ANN, 'socket-1');
      await w.presence.disconnected(ANN, 'socket-1');
      expect(w.jobs.jobs).toEqual([]);
    });

    it('keeps an agent who reconnected within the grace, and sets one who did not offline', async () => {
      w.store.live.set(ANN, 'available');
      await w.presence.connected(ANN, 'socket-2');
      expect(await w.presence.graceExpired(ANN)).toBe('reconnected');
      expect(w.store.live.get(ANN)).toBe('available');

      w.store.live.set(BOB, 'available');
      expect(await w.presence.graceExpired(BOB)).toBe('went_offline');
      expect(w.store.live.has(BOB)).toBe(false);
      expect(w.notifier.events('presence')).toEqual([
        { to: `user:${BOB}`, payload: { status: 'offline', reason: 'no connection for 10 s' } },
      ]);
    });

    it('counts a socket whose heartbeats stopped as gone', async () => {
      w.store.live.set(ANN, 'available');
      await w.presence.heartbeat([{ agentId: ANN, socketId: 'socket-1' }]);
      w.clock.advance(45_000);
      expect(await w.presence.graceExpired(ANN)).toBe('went_offline');
    });
  });

  describe('reconcile', () => {
    /** An agent recorded present a while ago, so past the settling time. */
    async function recorded(agentId: string, presence: 'available' | 'away') {
      await w.profiles.recordPresence(agentId, presence);
      w.profiles.profile(agentId).presence = presence;
    }

    it('sets agents recorded present but without a live status offline, and revokes their offers', async () => {
      await recorded(ANN, 'available');
      await recorded(BOB, 'away');
      w.store.live.set(BOB, 'away');
      w.contacts.add(routableContact(guid('c', 1), { status: 'offered' }));
      const offer = w.offerRecords.add({ contactId: guid('c', 1), agentId: ANN });
      w.clock.advance(RECONCILE_SETTLE_MS + 1);

      expect(await w.presence.reconcile()).toEqual({ checked: 2, wentOffline: [ANN] });
      expect(w.profiles.profile(ANN).presence).toBe('offline');
      expect(w.profiles.profile(BOB).presence).toBe('away');
      expect(w.offerRecords.statusOf(offer.id)).toBe('revoked');
      // A second sweep finds nothing left to do.
      expect(await w.presence.reconcile()).toEqual({ checked: 1, wentOffline: [] });
    });

    it('leaves a change alone whose live status may not be written yet (younger than the settling time)', async () => {
      await recorded(ANN, 'available');
      w.clock.advance(RECONCILE_SETTLE_MS - 1);
      expect(await w.presence.reconcile()).toEqual({ checked: 1, wentOffline: [] });
      expect(w.profiles.profile(ANN).presence).toBe('available');
    });

    it('leaves an agent who set a presence between the sweep’s read and the lock', async () => {
      await recorded(ANN, 'available');
      w.clock.advance(RECONCILE_SETTLE_MS + 1);
      // The agent's change lands just before the sweep takes the agent's lock.
      const lock = w.profiles.lockCapacity.bind(w.profiles);
      w.profiles.lockCapacity = async (agentId) => {
        w.profiles.lockCapacity = lock;
        await w.profiles.recordPresence(agentId, 'away');
        await w.store.write(agentId, 'away');
        return lock(agentId);
      };

      expect(await w.presence.reconcile()).toEqual({ checked: 1, wentOffline: [] });
      expect(w.profiles.profile(ANN).presence).toBe('away');
      expect(w.store.live.get(ANN)).toBe('away');
    });
  });
});
