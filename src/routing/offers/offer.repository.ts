import { Injectable } from '@nestjs/common';
import { ROUTABLE_COLUMNS, type RoutableContact } from '../../contacts/contact.repository';
import type { Medium, SalesChannel } from '../../contacts/contact.types';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import type { OfferStatus } from './offer.entity';

/** An offer as decisions on it need it. */
export interface OfferRecord {
  id: string;
  contactId: string;
  agentId: string;
  medium: Medium;
  status: OfferStatus;
  expiresAt: Date;
}

export interface NewOffer {
  contactId: string;
  agentId: string;
  medium: Medium;
  channel: SalesChannel | null;
  reason: string;
  expiresAt: Date;
}

/** A pending offer with the contact it is about, for a console that (re)connects. */
export interface PendingOffer {
  offerId: string;
  expiresAt: Date;
  reason: string;
  contact: RoutableContact;
}

/** How an offer ended: accepted, or let pass (with the reason). */
export type OfferDecision = Exclude<OfferStatus, 'pending'>;

interface OfferRow {
  id: string;
  contact_id: string;
  agent_id: string;
  medium: Medium;
  status: OfferStatus;
  expires_at: Date;
}

/** The offer table: offers made to agents, their decisions, and who let a contact pass lately. */
@Injectable()
export class OfferRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Makes a pending offer; returns its id. */
  async create(offer: NewOffer): Promise<string> {
    const [{ id }] = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO offer (contact_id, agent_id, medium, channel, status, reason, expires_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id`,
      [offer.contactId, offer.agentId, offer.medium, offer.channel, offer.reason, offer.expiresAt],
    );
    return id;
  }

  /** Locks the offer row (FOR UPDATE): every decision on an offer starts here. */
  async lockById(offerId: string): Promise<OfferRecord | null> {
    const [row] = await this.db.manager.query<OfferRow[]>(
      `SELECT id, contact_id, agent_id, medium, status, expires_at FROM offer WHERE id = $1 FOR UPDATE`,
      [offerId],
    );
    return row ? toRecord(row) : null;
  }

  /** Records the decision on a (locked, pending) offer. */
  async decide(offerId: string, status: OfferDecision, reason: string | null = null): Promise<void> {
    await this.db.manager.query(
      `UPDATE offer SET status = $2, decided_at = now(), decision_reason = $3 WHERE id = $1`,
      [offerId, status, reason],
    );
  }

  /** The agent's pending offers not yet past their deadline, oldest first, with their contacts. */
  async pendingFor(agentId: string): Promise<PendingOffer[]> {
    const rows = await this.db.manager.query<
      (RoutableContact & { offer_id: string; expires_at: Date; reason: string })[]
    >(
      `SELECT o.id AS offer_id, o.expires_at, o.reason, ${ROUTABLE_COLUMNS}
         FROM offer o JOIN contact c ON c.id = o.contact_id LEFT JOIN customer cu ON cu.id = c.customer_id
        WHERE o.agent_id = $1 AND o.status = 'pending' AND o.expires_at > now()
        ORDER BY o.created_at`,
      [agentId],
    );
    return rows.map(({ offer_id, expires_at, reason, ...contact }) => ({
      offerId: offer_id,
      expiresAt: new Date(expires_at),
      reason,
      contact,
    }));
  }

  /** Ids of the agent's pending offers. */
  async pendingIdsOf(agentId: string): Promise<string[]> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `SELECT id FROM offer WHERE agent_id = $1 AND status = 'pending'`,
      [agentId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Agents who let this contact pass lately (declined, or let the offer expire, within the retry
   * window): a re-offer moves on to someone else. Once the window has passed they may get it again,
   * so a contact every agent declined is not stranded.
   */
  async triedAgents(contactId: string, retryAfterSeconds: number): Promise<string[]> {
    // An agent who transferred the contact away passed on it too (assignment.end_reason 'transferred ...').
    const rows = await this.db.manager.query<{ agent_id: string }[]>(
      `SELECT agent_id FROM offer
        WHERE contact_id = $1 AND status IN ('declined', 'expired')
          AND decided_at > now() - make_interval(secs => $2)
       UNION
       SELECT agent_id FROM assignment
        WHERE contact_id = $1 AND end_reason LIKE 'transferred%'
          AND ended_at > now() - make_interval(secs => $2)`,
      [contactId, retryAfterSeconds],
    );
    return rows.map((r) => r.agent_id);
  }

  /**
   * The routing queue as one agent sees it: queued contacts they have not let pass (declined, let
   * expire, transferred away) within the retry window, oldest first (the caller orders them by priority). A read of contact joined with
   * offer, the table that says who passed.
   */
  async waitingFor(agentId: string, limit: number, retryAfterSeconds: number): Promise<RoutableContact[]> {
    return this.db.manager.query<RoutableContact[]>(
      `SELECT ${ROUTABLE_COLUMNS} FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id
        WHERE c.status = 'queued'
          AND NOT EXISTS (SELECT 1 FROM offer o WHERE o.contact_id = c.id AND o.agent_id = $1
                            AND o.status IN ('declined', 'expired')
                            AND o.decided_at > now() - make_interval(secs => $3))
          AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.contact_id = c.id AND a.agent_id = $1
                            AND a.end_reason LIKE 'transferred%'
                            AND a.ended_at > now() - make_interval(secs => $3))
        ORDER BY c.created_at, c.id LIMIT $2`,
      [agentId, limit, retryAfterSeconds],
    );
  }
}

function toRecord(row: OfferRow): OfferRecord {
  return {
    id: row.id,
    contactId: row.contact_id,
    agentId: row.agent_id,
    medium: row.medium,
    status: row.status,
    expiresAt: new Date(row.expires_at),
  };
}
