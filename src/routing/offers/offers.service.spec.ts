import { DomainError } from '../../common/domain-error';
import { JobName } from '../../queues/queue.constants';
import { guid } from '../../../test/fakes/guid';
import { offersWorld, OffersWorld } from '../../../test/fakes/offers-world';
import { routableContact } from '../../../test/fakes/fake-routable-contacts';
import type { AgentState } from '../domain/agent-selection';

const AGENT = guid('e', 1);
const OTHER = guid('e', 2);
const CONTACT = guid('c', 1);

const agentState = (overrides: Partial<AgentState> = {}): AgentState => ({
  id: AGENT,
  presence: 'available',
  skills: {},
  load: {},
  capacity: {},
  idleSince: 0,
  ...overrides,
});

function codeOf(error: unknown): string | undefined {
  return error instanceof DomainError ? error.code : undefined;
}

describe('OffersService', () => {
  let w: OffersWorld;

  beforeEach(() => {
    w = offersWorld();
  });

  /** A pending offer of CONTACT to AGENT, expiring 30 s from the fake clock's start. */
  function pendingOffer() {
    w.contacts.add(routableContact(CONTACT, { status: 'offered' }));
    return w.offerRecords.add({ contactId: CONTACT, agentId: AGENT, expiresAt: w.clock.in(30_000) });
  }

  describe('create', () => {
    it('makes the offer, moves the contact to offered, and sets its expiry timer at the deadline', async () => {
      w.contacts.add(routableContact(CONTACT));
      const event = await w.offers.create(
        routableContact(CONTACT),
        agentState({ load: { web: 1 } }),
        'best',
        'contact_queued',
      );

      const expiresAt = new Date('2026-06-01T09:00:30.000Z');
      expect(event).toMatchObject({ contactId: CONTACT, medium: 'web', expiresAt: expiresAt.toISOString() });
      expect(event.summary).toBe('Ann Buyer: Quote please');
      expect(w.offerRecords.statusOf(event.offerId)).toBe('pending');
      expect(w.contacts.statusOf(CONTACT)).toBe('offered');
      expect(w.jobs.jobs).toEqual([
        {
          name: JobName.ExpireOffer,
          id: `${JobName.ExpireOffer}.${event.offerId}`,
          payload: { offerId: event.offerId },
          runAt: expiresAt,
        },
      ]);
      expect(w.timeline.events).toEqual([
        expect.objectContaining({
          type: 'offer.made',
          data: expect.objectContaining({ offerId: event.offerId, agentLoad: 1, agentCapacity: 3 }),
        }),
      ]);
    });

    it('refuses a contact that is no longer queued (the race was lost), enqueuing nothing', async () => {
      w.contacts.add(routableContact(CONTACT, { status: 'offered' }));
      await expect(w.offers.create(routableContact(CONTACT), agentState(), 'best', 'x')).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(w.jobs.jobs).toEqual([]);
      expect(w.unitOfWork.rolledBack).toBe(1);
    });
  });

  describe('accept', () => {
    it('makes one assignment, assigns the contact and tells supervisors after the commit', async () => {
      const offer = pendingOffer();
      let changedInside: string[] | null = null;
      const accepted = await w.unitOfWork.run(async () => {
        const result = await w.offers.accept(AGENT, offer.id);
        changedInside = [...w.notifier.changes];
        return result;
      });

      expect(accepted).toEqual({ offerId: offer.id, contactId: CONTACT, assignmentId: expect.any(String) });
      expect(changedInside).toEqual([]);
      expect(w.notifier.changes).toEqual(['offer_accepted']);
      expect(w.offerRecords.statusOf(offer.id)).toBe('accepted');
      expect(w.contacts.statusOf(CONTACT)).toBe('assigned');
      expect(w.assignments.active()).toEqual([
        expect.objectContaining({ id: accepted.assignmentId, agentId: AGENT, offerId: offer.id }),
      ]);
      expect(w.profiles.locks).toEqual([AGENT]);
      expect(w.timeline.types()).toEqual(['offer.accepted']);
    });

    it('refuses an offer made to another agent', async () => {
      const offer = pendingOffer();
      expect(codeOf(await w.offers.accept(OTHER, offer.id).catch((e: unknown) => e))).toBe('forbidden');
      expect(w.assignments.assignments).toEqual([]);
    });

    it('refuses an unknown offer', async () => {
      expect(codeOf(await w.offers.accept(AGENT, guid('a', 42)).catch((e: unknown) => e))).toBe('not_found');
    });

    it('refuses an offer already decided: a second accept is a conflict, and makes nothing', async () => {
      const offer = pendingOffer();
      await w.offers.accept(AGENT, offer.id);
      expect(codeOf(await w.offers.accept(AGENT, offer.id).catch((e: unknown) => e))).toBe('conflict');
      expect(w.assignments.assignments).toHaveLength(1);
      expect(w.notifier.changes).toEqual(['offer_accepted']);
    });

    it('refuses an offer whose deadline passed, by the clock, before its timer ran', async () => {
      const offer = pendingOffer();
      w.clock.advance(30_000);
      const error = await w.offers.accept(AGENT, offer.id).catch((e: unknown) => e);
      expect(codeOf(error)).toBe('conflict');
      expect((error as Error).message).toContain('expired at 2026-06-01T09:00:30.000Z');
      expect(w.contacts.statusOf(CONTACT)).toBe('offered');
      expect(w.notifier.changes).toEqual([]);
    });

    it('refuses when the agent is already at capacity for the medium (an admin lowered it)', async () => {
      const offer = pendingOffer();
      w.profiles.profile(AGENT).capacity = { web: 1 };
      w.assignments.add({ contactId: guid('c', 9), agentId: AGENT, medium: 'web' });
      const error = await w.offers.accept(AGENT, offer.id).catch((e: unknown) => e);
      expect(codeOf(error)).toBe('conflict');
      expect((error as Error).message).toBe('you already hold 1 web contacts, your capacity');
      expect(w.offerRecords.statusOf(offer.id)).toBe('pending');
      expect(w.unitOfWork.rolledBack).toBe(1);
    });

    it('refuses when the contact is no longer offered', async () => {
      const offer = pendingOffer();
      w.contacts.add(routableContact(CONTACT, { status: 'qualified' }));
      expect(codeOf(await w.offers.accept(AGENT, offer.id).catch((e: unknown) => e))).toBe('conflict');
    });
  });

  describe('decline', () => {
    it('returns the contact to its queue and dispatches both the contact and the agent again', async () => {
      const offer = pendingOffer();
      await w.offers.decline(AGENT, offer.id, 'busy');

      expect(w.offerRecords.offers.get(offer.id)).toMatchObject({ status: 'declined', decisionReason: 'busy' });
      expect(w.contacts.statusOf(CONTACT)).toBe('queued');
      expect(w.jobs.jobs.map((j) => j.id)).toEqual([
        `${JobName.DispatchContact}.${CONTACT}.after.${offer.id}`,
        `${JobName.DispatchAgent}.${AGENT}.after.${offer.id}`,
      ]);
      expect(w.timeline.events).toEqual([expect.objectContaining({ type: 'offer.declined', actor: `user:${AGENT}` })]);
      expect(w.notifier.changes).toEqual(['offer_declined']);
    });

    it('uses the default reason, and refuses another agent', async () => {
      const offer = pendingOffer();
      expect(codeOf(await w.offers.decline(OTHER, offer.id, undefined).catch((e: unknown) => e))).toBe('forbidden');
      await w.offers.decline(AGENT, offer.id, undefined);
      expect(w.offerRecords.offers.get(offer.id)?.decisionReason).toBe('declined by the agent');
    });
  });

  describe('expire', () => {
    it('expires a pending offer, tells the agent after the commit, and dispatches the contact again', async () => {
      const offer = pendingOffer();
      expect(await w.offers.expire(offer.id)).toBe('expired');

      expect(w.offerRecords.offers.get(offer.id)).toMatchObject({
        status: 'expired',
        decisionReason: 'not accepted within 30 s',
      });
      expect(w.contacts.statusOf(CONTACT)).toBe('queued');
      expect(w.notifier.events('offer:revoked')).toEqual([
        { to: `user:${AGENT}`, payload: { offerId: offer.id, reason: 'expired' } },
      ]);
      expect(w.jobs.jobs.map((j) => j.id)).toEqual([`${JobName.DispatchContact}.${CONTACT}.after.${offer.id}`]);
    });

    it('is idempotent: a redelivered timer finds the offer decided and changes nothing', async () => {
      const offer = pendingOffer();
      await w.offers.expire(offer.id);
      const before = { jobs: w.jobs.jobs.length, events: w.timeline.events.length, sent: w.notifier.sent.length };
      expect(await w.offers.expire(offer.id)).toBe('already_decided');
      expect(await w.offers.expire(guid('a', 77))).toBe('missing');
      expect({ jobs: w.jobs.jobs.length, events: w.timeline.events.length, sent: w.notifier.sent.length }).toEqual(
        before,
      );
    });

    it('sends nothing when the unit it runs in rolls back', async () => {
      const offer = pendingOffer();
      await expect(
        w.unitOfWork.run(async () => {
          await w.offers.expire(offer.id);
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(w.notifier.sent).toEqual([]);
    });

    it('leaves a contact that moved on (qualified meanwhile) where it is', async () => {
      const offer = pendingOffer();
      w.contacts.add(routableContact(CONTACT, { status: 'qualified' }));
      expect(await w.offers.expire(offer.id)).toBe('expired');
      expect(w.contacts.statusOf(CONTACT)).toBe('qualified');
      expect(w.contacts.transitions).toEqual([]);
    });
  });

  describe('revokeForAgent', () => {
    it('revokes every pending offer of the agent, one unit each, and tells the agent', async () => {
      const first = pendingOffer();
      w.contacts.add(routableContact(guid('c', 2), { status: 'offered' }));
      const second = w.offerRecords.add({ contactId: guid('c', 2), agentId: AGENT });
      w.offerRecords.add({ contactId: guid('c', 3), agentId: OTHER });

      expect(await w.offers.revokeForAgent(AGENT, 'agent_unavailable')).toBe(2);
      expect(w.unitOfWork.committed).toBe(2);
      expect(w.notifier.events('offer:revoked').map((e) => e.payload)).toEqual([
        { offerId: first.id, reason: 'agent_unavailable' },
        { offerId: second.id, reason: 'agent_unavailable' },
      ]);
      expect(w.timeline.types()).toEqual(['offer.revoked', 'offer.revoked']);
      expect(await w.offers.revokeForAgent(AGENT, 'agent_unavailable')).toBe(0);
    });
  });

  it('lists the pending offers of an agent as offer events', async () => {
    const offer = pendingOffer();
    expect(await w.offers.pendingFor(AGENT)).toEqual([
      {
        offerId: offer.id,
        contactId: CONTACT,
        medium: 'web',
        channel: 'e_sales',
        summary: 'Ann Buyer: Quote please',
        expiresAt: '2026-06-01T09:00:30.000Z',
        reason: 'best agent',
        language: 'en',
      },
    ]);
  });
});
