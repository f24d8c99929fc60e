import type { RoutableContact } from '../../src/contacts/contact.repository';
import type { Medium, SalesChannel } from '../../src/contacts/contact.types';
import type {
  ActiveAssignment,
  AssignmentRepository,
  NewAssignment,
} from '../../src/routing/offers/assignment.repository';
import type { OfferStatus } from '../../src/routing/offers/offer.entity';
import type {
  NewOffer,
  OfferDecision,
  OfferRecord,
  OfferRepository,
  PendingOffer,
} from '../../src/routing/offers/offer.repository';
import type { FakeContactRepository } from './fake-routable-contacts';
import { guid } from './guid';
import type { Public } from './public';

export interface StoredOffer extends OfferRecord {
  channel: SalesChannel | null;
  reason: string;
  decisionReason: string | null;
}

/** Offers in memory; the queue an agent sees is read from the contacts fake. */
export class FakeOfferRepository implements Public<OfferRepository> {
  readonly offers = new Map<string, StoredOffer>();
  /** Agents a spec says passed on a contact lately (the real repository reads the retry window). */
  readonly passed = new Map<string, string[]>();

  constructor(private readonly contacts: FakeContactRepository) {}

  /** Puts an offer in place for a spec. */
  add(offer: Partial<StoredOffer> & { contactId: string; agentId: string }): StoredOffer {
    const stored: StoredOffer = {
      id: guid('a', this.offers.size + 1),
      medium: 'web',
      status: 'pending',
      expiresAt: new Date('2026-06-01T09:00:30.000Z'),
      channel: 'e_sales',
      reason: 'best agent',
      decisionReason: null,
      ...offer,
    };
    this.offers.set(stored.id, stored);
    return stored;
  }

  statusOf(offerId: string): OfferStatus | undefined {
    return this.offers.get(offerId)?.status;
  }

  create(offer: NewOffer): Promise<string> {
    return Promise.resolve(this.add({ ...offer, status: 'pending' }).id);
  }

  lockById(offerId: string): Promise<OfferRecord | null> {
    const offer = this.offers.get(offerId);
    return Promise.resolve(offer ? { ...offer } : null);
  }

  decide(offerId: string, status: OfferDecision, reason: string | null = null): Promise<void> {
    const offer = this.offers.get(offerId);
    if (offer) this.offers.set(offerId, { ...offer, status, decisionReason: reason });
    return Promise.resolve();
  }

  pendingFor(agentId: string): Promise<PendingOffer[]> {
    return Promise.resolve(
      this.pending(agentId).flatMap((o) => {
        const contact = this.contacts.contacts.get(o.contactId);
        return contact ? [{ offerId: o.id, expiresAt: o.expiresAt, reason: o.reason, contact }] : [];
      }),
    );
  }

  pendingIdsOf(agentId: string): Promise<string[]> {
    return Promise.resolve(this.pending(agentId).map((o) => o.id));
  }

  triedAgents(contactId: string): Promise<string[]> {
    const decided = [...this.offers.values()]
      .filter((o) => o.contactId === contactId && (o.status === 'declined' || o.status === 'expired'))
      .map((o) => o.agentId);
    return Promise.resolve([...new Set([...(this.passed.get(contactId) ?? []), ...decided])]);
  }

  waitingFor(agentId: string, limit: number): Promise<RoutableContact[]> {
    const passedOn = (contactId: string) =>
      [...this.offers.values()].some(
        (o) => o.contactId === contactId && o.agentId === agentId && ['declined', 'expired'].includes(o.status),
      );
    return Promise.resolve(
      [...this.contacts.contacts.values()]
        .filter((c) => c.status === 'queued' && !passedOn(c.id))
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
        .slice(0, limit)
        .map((c) => this.contacts.read(c)),
    );
  }

  private pending(agentId: string): StoredOffer[] {
    return [...this.offers.values()].filter((o) => o.agentId === agentId && o.status === 'pending');
  }
}

export interface StoredAssignment extends NewAssignment {
  id: string;
  endedAt: Date | null;
  endReason: string | null;
}

/** Assignments in memory. */
export class FakeAssignmentRepository implements Public<AssignmentRepository> {
  readonly assignments: StoredAssignment[] = [];

  add(assignment: Partial<StoredAssignment> & { contactId: string; agentId: string }): StoredAssignment {
    const stored: StoredAssignment = {
      id: guid('b', this.assignments.length + 1),
      offerId: guid('a', 99),
      medium: 'web',
      endedAt: null,
      endReason: null,
      ...assignment,
    };
    this.assignments.push(stored);
    return stored;
  }

  create(assignment: NewAssignment): Promise<string> {
    return Promise.resolve(this.add(assignment).id);
  }

  activeFor(contactId: string): Promise<ActiveAssignment | null> {
    const found = this.active().find((a) => a.contactId === contactId);
    return Promise.resolve(found ? { id: found.id, agentId: found.agentId } : null);
  }

  lastAgentOf(contactId: string): Promise<string | null> {
    // Ended in insertion order here: the last ended one is the last agent.
    const ended = this.assignments.filter((a) => a.contactId === contactId && a.endedAt !== null);
    return Promise.resolve(ended.at(-1)?.agentId ?? null);
  }

  activeCount(agentId: string, medium: Medium): Promise<number> {
    return Promise.resolve(this.active().filter((a) => a.agentId === agentId && a.medium === medium).length);
  }

  end(assignmentId: string, reason: string): Promise<void> {
    const found = this.assignments.find((a) => a.id === assignmentId);
    if (found) Object.assign(found, { endedAt: new Date(0), endReason: reason });
    return Promise.resolve();
  }

  async endActiveFor(contactId: string, reason: string): Promise<ActiveAssignment[]> {
    const ended = this.active().filter((a) => a.contactId === contactId);
    for (const a of ended) await this.end(a.id, reason);
    return ended.map((a) => ({ id: a.id, agentId: a.agentId }));
  }

  active(): StoredAssignment[] {
    return this.assignments.filter((a) => a.endedAt === null);
  }
}
