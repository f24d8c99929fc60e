import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, notFound } from '../../common/domain-error';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { writeOutbox } from '../../outbox/outbox';
import { JobName } from '../../queues/queue.constants';
import { appendTimeline } from '../../timeline/timeline';
import { AgentNotifier, OfferEvent } from '../agent-notifier';
import type { AgentState } from '../domain/agent-selection';
import { capacityFor, DEFAULT_CAPACITY } from '../domain/agent-selection';
import { lockAgent } from '../locks';
import type { OfferStatus } from './offer.entity';
import { lockContact, offerSummary, RoutableContact } from './routable-contact';

interface OfferRow {
  id: string;
  contact_id: string;
  agent_id: string;
  medium: string;
  status: OfferStatus;
  expires_at: Date;
}

export type ExpireOutcome = 'expired' | 'already_decided' | 'missing';

export interface AcceptedOffer {
  offerId: string;
  contactId: string;
  assignmentId: string;
}

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
    private readonly dataSource: DataSource,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Creates the offer inside the caller's transaction, which holds the contact row lock and the
   * agent's lock and has checked that the agent can take it. Returns the event to send once the
   * transaction has committed (never before: the agent must not act on an offer that may roll back).
   */
  async create(
    manager: EntityManager,
    contact: RoutableContact,
    agent: AgentState,
    reason: string,
    trigger: string,
  ): Promise<OfferEvent> {
    const expiresAt = new Date(Date.now() + this.config.OFFER_TIMEOUT_SECONDS * 1000);
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO offer (contact_id, agent_id, medium, channel, status, reason, expires_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id`,
      [contact.id, agent.id, contact.medium, contact.channel, reason, expiresAt],
    );
    await manager.query(`UPDATE contact SET status = 'offered', updated_at = now() WHERE id = $1`, [contact.id]);
    await appendTimeline(manager, {
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
      },
    });
    // The timeout is written with the offer: a crash after the commit cannot leave it pending forever.
    await writeOutbox(
      manager,
      JobName.ExpireOffer,
      `${JobName.ExpireOffer}.${id}`,
      { offerId: id },
      { runAt: expiresAt },
    );
    return {
      offerId: id,
      contactId: contact.id,
      medium: contact.medium,
      channel: contact.channel,
      summary: offerSummary(contact),
      expiresAt: expiresAt.toISOString(),
      reason,
      language: contact.language,
    };
  }

  /** The agent takes the offered contact: exactly one accept of an offer makes an assignment. */
  async accept(agentId: string, offerId: string): Promise<AcceptedOffer> {
    const accepted = await this.dataSource.transaction(async (manager) => {
      const offer = await this.lockPendingOfferOf(manager, agentId, offerId);
      if (new Date(offer.expires_at).getTime() <= Date.now()) {
        throw new DomainError('conflict', `offer ${offerId} expired at ${new Date(offer.expires_at).toISOString()}`);
      }
      const contact = await lockContact(manager, offer.contact_id);
      if (!contact || contact.status !== 'offered') {
        throw new DomainError('conflict', `contact ${offer.contact_id} is no longer offered`);
      }
      await lockAgent(manager, agentId);
      // Capacity was reserved by the pending offer; re-check against an admin lowering it meanwhile.
      const [{ active, capacity }] = await manager.query<{ active: number; capacity: number | null }[]>(
        `SELECT (SELECT count(*)::int FROM assignment WHERE agent_id = $1 AND medium = $2 AND ended_at IS NULL) AS active,
                (SELECT (capacity ->> $2)::int FROM agent_profile WHERE user_id = $1) AS capacity`,
        [agentId, offer.medium],
      );
      const limit = capacity ?? DEFAULT_CAPACITY[contact.medium];
      if (active >= limit) {
        throw new DomainError('conflict', `you already hold ${active} ${offer.medium} contacts, your capacity`);
      }
      const [{ id: assignmentId }] = await manager.query<{ id: string }[]>(
        `INSERT INTO assignment (contact_id, agent_id, offer_id, medium) VALUES ($1, $2, $3, $4) RETURNING id`,
        [contact.id, agentId, offerId, contact.medium],
      );
      await manager.query(`UPDATE offer SET status = 'accepted', decided_at = now() WHERE id = $1`, [offerId]);
      await manager.query(
        `UPDATE contact SET status = 'assigned', assigned_agent_id = $2, updated_at = now() WHERE id = $1`,
        [contact.id, agentId],
      );
      await appendTimeline(manager, {
        type: 'offer.accepted',
        actor: `user:${agentId}`,
        contactId: contact.id,
        personId: contact.person_id,
        data: { offerId, agentId, assignmentId, medium: contact.medium },
      });
      return { offerId, contactId: contact.id, assignmentId };
    });
    this.logger.log({ ...accepted, agentId }, 'offer accepted');
    // No event goes to anyone for an accept, but the supervisors' overview changed.
    this.notifier.changed('offer_accepted');
    return accepted;
  }

  /** The agent lets the offer pass: it goes to the next best agent, and the agent may get another. */
  async decline(agentId: string, offerId: string, reason: string | undefined): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const offer = await this.lockPendingOfferOf(manager, agentId, offerId);
      await this.close(manager, offer, 'declined', reason ?? 'declined by the agent', `user:${agentId}`);
      await writeOutbox(manager, JobName.DispatchAgent, `${JobName.DispatchAgent}.${agentId}.after.${offerId}`, {
        agentId,
        cause: `after.${offerId}`,
      });
    });
    this.logger.log({ offerId, agentId, reason }, 'offer declined');
    this.notifier.changed('offer_declined');
  }

  /** The offer's timeout fired: expired when still pending (idempotent: a decided offer is left alone). */
  async expire(offerId: string): Promise<ExpireOutcome> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<ExpireOutcome | OfferRow> => {
      const [offer] = await manager.query<OfferRow[]>(
        `SELECT id, contact_id, agent_id, medium, status, expires_at FROM offer WHERE id = $1 FOR UPDATE`,
        [offerId],
      );
      if (!offer) return 'missing';
      if (offer.status !== 'pending') return 'already_decided';
      const seconds = this.config.OFFER_TIMEOUT_SECONDS;
      await this.close(manager, offer, 'expired', `not accepted within ${seconds} s`, 'system');
      return offer;
    });
    if (typeof outcome === 'string') return outcome;
    this.notifier.toUser(outcome.agent_id, 'offer:revoked', { offerId, reason: 'expired' });
    this.logger.log({ offerId, agentId: outcome.agent_id, contactId: outcome.contact_id }, 'offer expired');
    return 'expired';
  }

  /** Takes back every pending offer of an agent who went away or offline. */
  async revokeForAgent(agentId: string, reason: string): Promise<number> {
    const pending = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM offer WHERE agent_id = $1 AND status = 'pending'`,
      [agentId],
    );
    let revoked = 0;
    for (const { id } of pending) {
      const done = await this.dataSource.transaction(async (manager) => {
        const [offer] = await manager.query<OfferRow[]>(
          `SELECT id, contact_id, agent_id, medium, status, expires_at FROM offer WHERE id = $1 FOR UPDATE`,
          [id],
        );
        if (offer?.status !== 'pending') return false;
        await this.close(manager, offer, 'revoked', reason, 'system');
        return true;
      });
      if (done) {
        revoked++;
        this.notifier.toUser(agentId, 'offer:revoked', { offerId: id, reason });
      }
    }
    return revoked;
  }

  /** The agent's pending offers as `offer` events, for a console that (re)connects. */
  async pendingFor(agentId: string): Promise<OfferEvent[]> {
    const rows = await this.dataSource.query<
      (RoutableContact & { offer_id: string; expires_at: Date; reason: string })[]
    >(
      `SELECT o.id AS offer_id, o.expires_at, o.reason, c.id, c.status, c.medium, c.channel, c.language, c.product_line,
              c.person_id, c.customer_id, NULL AS segment, c.from_name, c.from_email, c.from_phone, c.from_company,
              c.subject, left(c.body, 500) AS body, c.created_at
         FROM offer o JOIN contact c ON c.id = o.contact_id
        WHERE o.agent_id = $1 AND o.status = 'pending' AND o.expires_at > now()
        ORDER BY o.created_at`,
      [agentId],
    );
    return rows.map((row) => ({
      offerId: row.offer_id,
      contactId: row.id,
      medium: row.medium,
      channel: row.channel,
      summary: offerSummary(row),
      expiresAt: new Date(row.expires_at).toISOString(),
      reason: row.reason,
      language: row.language,
    }));
  }

  private async lockPendingOfferOf(manager: EntityManager, agentId: string, offerId: string): Promise<OfferRow> {
    const [offer] = await manager.query<OfferRow[]>(
      `SELECT id, contact_id, agent_id, medium, status, expires_at FROM offer WHERE id = $1 FOR UPDATE`,
      [offerId],
    );
    if (!offer) throw notFound('offer', offerId);
    if (offer.agent_id !== agentId) throw new DomainError('forbidden', `offer ${offerId} was made to another agent`);
    if (offer.status !== 'pending') throw new DomainError('conflict', `offer ${offerId} was already ${offer.status}`);
    return offer;
  }

  /** Ends a pending offer and puts the contact back in its queue, to be dispatched again. */
  private async close(
    manager: EntityManager,
    offer: OfferRow,
    status: Exclude<OfferStatus, 'pending' | 'accepted'>,
    reason: string,
    actor: string,
  ): Promise<void> {
    await manager.query(`UPDATE offer SET status = $2, decided_at = now(), decision_reason = $3 WHERE id = $1`, [
      offer.id,
      status,
      reason,
    ]);
    const contact = await lockContact(manager, offer.contact_id);
    if (contact?.status === 'offered') {
      await manager.query(`UPDATE contact SET status = 'queued', updated_at = now() WHERE id = $1`, [contact.id]);
    }
    await appendTimeline(manager, {
      type: `offer.${status}`,
      actor,
      contactId: offer.contact_id,
      personId: contact?.person_id ?? null,
      data: { offerId: offer.id, agentId: offer.agent_id, reason },
    });
    await writeOutbox(
      manager,
      JobName.DispatchContact,
      `${JobName.DispatchContact}.${offer.contact_id}.after.${offer.id}`,
      { contactId: offer.contact_id, cause: `after.${offer.id}` },
    );
  }
}
