import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { DomainError, notFound } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { ContactRepository, type RoutableContact } from '../../contacts/contact.repository';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { AgentNotifier, OfferEvent } from '../agent-notifier';
import { AgentProfileRepository } from '../agents/agent-profile.repository';
import type { AgentState } from '../domain/agent-selection';
import { capacityFor, DEFAULT_CAPACITY } from '../domain/agent-selection';
import { AssignmentRepository } from './assignment.repository';
import type { OfferStatus } from './offer.entity';
import { OfferRecord, OfferRepository } from './offer.repository';
import { offerEvent } from './routable-contact';

export type ExpireOutcome = 'expired' | 'already_decided' | 'missing';

export interface AcceptedOffer {
  offerId: string;
  contactId: string;
  assignmentId: string;
}

/** How a pending offer can end without an accept; the contact goes back to its queue. */
type Passed = Exclude<OfferStatus, 'pending' | 'accepted'>;

/**
 * Offers: made to one agent at a time, accepted into an assignment, declined, expired or revoked.
 *
 * Concurrency (several api and worker processes): every decision on an offer locks its row
 * (SELECT ... FOR UPDATE), then the contact row, then, where capacity matters, the agent's advisory
 * lock; so 20 simultaneous accepts of one offer run one after another and only the first finds it
 * pending. PostgreSQL row locks rather than a Redis script, because the state they protect (offer,
 * contact, assignment, timeline, outbox) is in PostgreSQL and must change in one transaction; a
 * Redis lock could not make those writes atomic. Partial unique indexes (one pending offer and one
 * active assignment per contact) back the locks up.
 */
@Injectable()
export class OffersService {
  private readonly logger = new Logger(OffersService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly offers: OfferRepository,
    private readonly assignments: AssignmentRepository,
    private readonly profiles: AgentProfileRepository,
    private readonly contacts: ContactRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly notifier: AgentNotifier,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Creates the offer inside the caller's unit of work, which holds the contact row lock and the
   * agent's lock and has checked that the agent can take it. Returns the event to send once the
   * unit has committed (never before: the agent must not act on an offer that may roll back).
   */
  async create(
    contact: RoutableContact,
    agent: AgentState,
    reason: string,
    trigger: string,
    transferredBy?: OfferEvent['transferredBy'],
  ): Promise<OfferEvent> {
    return this.unitOfWork.run(async () => {
      const expiresAt = this.clock.in(this.config.OFFER_TIMEOUT_SECONDS * 1000);
      const id = await this.offers.create({
        contactId: contact.id,
        agentId: agent.id,
        medium: contact.medium,
        channel: contact.channel,
        reason,
        expiresAt,
      });
      await this.contacts.transition(contact.id, 'offer');
      // The last agent is preferred for one offer only: declined or expired, routing is normal again.
      if (contact.prefer_last_agent) await this.contacts.clearLastAgentPreference(contact.id);
      await this.timeline.append({
        type: 'offer.made',
        actor: 'system',
        contactId: contact.id,
        personId: contact.person_id,
        data: {
          offerId: id,
          agentId: agent.id,
          reason,
          trigger,
          expiresAt: expiresAt.toISOString(),
          agentLoad: agent.load[contact.medium] ?? 0,
          agentCapacity: capacityFor(agent, contact.medium),
          ...(transferredBy ? { transferredBy } : {}),
        },
      });
      // The timeout is written with the offer: a crash after the commit cannot leave it pending forever.
      await this.jobs.enqueue(JobName.ExpireOffer, { offerId: id }, { runAt: expiresAt });
      return offerEvent(id, contact, expiresAt, reason, transferredBy);
    });
  }

  /** The agent takes the offered contact: exactly one accept of an offer makes an assignment. */
  async accept(agentId: string, offerId: string): Promise<AcceptedOffer> {
    return this.unitOfWork.run(async () => {
      const offer = await this.lockPendingOfferOf(agentId, offerId);
      if (offer.expiresAt.getTime() <= this.clock.nowMs()) {
        throw new DomainError('conflict', `offer ${offerId} expired at ${offer.expiresAt.toISOString()}`);
      }
      const contact = await this.contacts.lockRoutable(offer.contactId);
      if (contact?.status !== 'offered') {
        throw new DomainError('conflict', `contact ${offer.contactId} is no longer offered`);
      }
      await this.profiles.lockCapacity(agentId);
      await this.checkRoomFor(agentId, contact);
      const assignmentId = await this.assignments.create({
        contactId: contact.id,
        agentId,
        offerId,
        medium: contact.medium,
      });
      await this.offers.decide(offerId, 'accepted');
      // The active assignment row says who holds the contact.
      await this.contacts.transition(contact.id, 'assign');
      await this.timeline.append({
        type: 'offer.accepted',
        actor: `user:${agentId}`,
        contactId: contact.id,
        personId: contact.person_id,
        data: { offerId, agentId, assignmentId, medium: contact.medium },
      });
      const accepted = { offerId, contactId: contact.id, assignmentId };
      this.unitOfWork.afterCommit(() => {
        this.logger.log({ ...accepted, agentId }, 'offer accepted');
        // No event goes to anyone for an accept, but the supervisors' overview changed.
        this.notifier.changed('offer_accepted');
      });
      return accepted;
    });
  }

  /** The agent lets the offer pass: it goes to the next best agent, and the agent may get another. */
  async decline(agentId: string, offerId: string, reason: string | undefined): Promise<void> {
    await this.unitOfWork.run(async () => {
      const offer = await this.lockPendingOfferOf(agentId, offerId);
      await this.pass(offer, 'declined', reason ?? 'declined by the agent', `user:${agentId}`);
      await this.jobs.enqueue(JobName.DispatchAgent, { agentId, cause: `after.${offerId}` });
      this.unitOfWork.afterCommit(() => {
        this.logger.log({ offerId, agentId, reason }, 'offer declined');
        this.notifier.changed('offer_declined');
      });
    });
  }

  /** The offer's timeout fired: expired when still pending (idempotent: a decided offer is left alone). */
  async expire(offerId: string): Promise<ExpireOutcome> {
    return this.unitOfWork.run(async () => {
      const offer = await this.offers.lockById(offerId);
      if (!offer) return 'missing';
      if (offer.status !== 'pending') return 'already_decided';
      await this.pass(offer, 'expired', `not accepted within ${this.config.OFFER_TIMEOUT_SECONDS} s`, 'system');
      this.unitOfWork.afterCommit(() => {
        this.notifier.toUser(offer.agentId, 'offer:revoked', { offerId, reason: 'expired' });
        this.logger.log({ offerId, agentId: offer.agentId, contactId: offer.contactId }, 'offer expired');
      });
      return 'expired';
    });
  }

  /** Takes back every pending offer of an agent who went away or offline; one unit per offer. */
  async revokeForAgent(agentId: string, reason: string): Promise<number> {
    let revoked = 0;
    for (const id of await this.offers.pendingIdsOf(agentId)) {
      const done = await this.unitOfWork.run(async () => {
        const offer = await this.offers.lockById(id);
        if (offer?.status !== 'pending') return false;
        await this.pass(offer, 'revoked', reason, 'system');
        this.unitOfWork.afterCommit(() => this.notifier.toUser(agentId, 'offer:revoked', { offerId: id, reason }));
        return true;
      });
      if (done) revoked++;
    }
    return revoked;
  }

  /** The agent's pending offers as `offer` events, for a console that (re)connects. */
  async pendingFor(agentId: string): Promise<OfferEvent[]> {
    return (await this.offers.pendingFor(agentId)).map(({ offerId, expiresAt, reason, contact }) =>
      offerEvent(offerId, contact, expiresAt, reason),
    );
  }

  private async lockPendingOfferOf(agentId: string, offerId: string): Promise<OfferRecord> {
    const offer = await this.offers.lockById(offerId);
    if (!offer) throw notFound('offer', offerId);
    if (offer.agentId !== agentId) throw new DomainError('forbidden', `offer ${offerId} was made to another agent`);
    if (offer.status !== 'pending') throw new DomainError('conflict', `offer ${offerId} was already ${offer.status}`);
    return offer;
  }

  /** Capacity was reserved by the pending offer; re-checked against an admin lowering it meanwhile. */
  private async checkRoomFor(agentId: string, contact: RoutableContact): Promise<void> {
    const active = await this.assignments.activeCount(agentId, contact.medium);
    const limit = (await this.profiles.capacityOf(agentId, contact.medium)) ?? DEFAULT_CAPACITY[contact.medium];
    if (active >= limit) {
      throw new DomainError('conflict', `you already hold ${active} ${contact.medium} contacts, your capacity`);
    }
  }

  /** Ends a pending offer and puts the contact back in its queue, to be dispatched again. */
  private async pass(offer: OfferRecord, status: Passed, reason: string, actor: string): Promise<void> {
    await this.offers.decide(offer.id, status, reason);
    const contact = await this.contacts.lockRoutable(offer.contactId);
    if (contact?.status === 'offered') await this.contacts.transition(contact.id, 'returnToQueue');
    await this.timeline.append({
      type: `offer.${status}`,
      actor,
      contactId: offer.contactId,
      personId: contact?.person_id ?? null,
      data: { offerId: offer.id, agentId: offer.agentId, reason },
    });
    await this.jobs.enqueue(JobName.DispatchContact, { contactId: offer.contactId, cause: `after.${offer.id}` });
  }
}
