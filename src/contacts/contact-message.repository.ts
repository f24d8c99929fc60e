import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import type { JsonObject } from '../common/json';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { Medium } from './contact.types';
import { OUTBOUND_STATUS_RANK, OutboundStatus } from './domain/outbound-status';

/** A later inbound message to store on a contact's conversation. */
export interface NewContactMessage {
  contactId: string;
  medium: Medium;
  source: string;
  externalId: string | null;
  fromAddress: string | null;
  subject: string | null;
  body: string;
  metadata?: JsonObject;
}

/** The follow-up a provider id went to. */
export interface StoredMessage {
  id: string;
  contactId: string;
}

/** An outbound message to record: a reply or a call, written by a staff member. */
export interface NewOutboundMessage {
  contactId: string;
  medium: Medium;
  source: string;
  /** The provider's id (for a call: the CallSid of the agent's leg), unique per source. */
  externalId: string | null;
  fromAddress: string | null;
  toAddress: string;
  subject?: string | null;
  body: string;
  authorId: string;
  metadata?: JsonObject;
}

/** An outbound message as its status callbacks read it. */
export interface OutboundMessageRecord {
  id: string;
  contactId: string;
  medium: Medium;
  status: OutboundStatus;
  toAddress: string | null;
  authorId: string | null;
  metadata: JsonObject;
}

const OUTBOUND_COLUMNS = `id, contact_id AS "contactId", medium, status, to_address AS "toAddress",
  author_id AS "authorId", metadata`;

/** The status rank in SQL, from the one table of ranks (domain/outbound-status.ts). */
const RANK_SQL = `CASE status ${Object.entries(OUTBOUND_STATUS_RANK)
  .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
  .join(' ')} ELSE 99 END`;

/** The contact_message table: the follow-up messages of a contact's conversation. */
@Injectable()
export class ContactMessageRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Inserts an inbound message; returns its id. */
  async insertInbound(message: NewContactMessage): Promise<string> {
    const [row] = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO contact_message (contact_id, direction, medium, source, external_id, from_address, subject, body,
         metadata)
       VALUES ($1, 'inbound', $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id`,
      [
        message.contactId,
        message.medium,
        message.source,
        message.externalId,
        message.fromAddress,
        message.subject,
        message.body,
        jsonbParam(message.metadata ?? {}),
      ],
    );
    return String(row.id);
  }

  async findByProviderId(source: string, externalId: string): Promise<StoredMessage | null> {
    const [row] = await this.db.manager.query<StoredMessage[]>(
      `SELECT id, contact_id AS "contactId" FROM contact_message WHERE source = $1 AND external_id = $2`,
      [source, externalId],
    );
    return row ?? null;
  }

  /**
   * Records an outbound message, `queued`. Once per provider id: a second call with the same
   * source and external id returns the first message's id and `created: false`.
   */
  async recordOutbound(message: NewOutboundMessage): Promise<{ id: string; created: boolean }> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO contact_message (contact_id, direction, medium, source, external_id, from_address, to_address,
         subject, body, author_id, status, metadata)
       VALUES ($1, 'outbound', $2, $3, $4, $5, $6, $7, $8, $9, 'queued', $10::jsonb)
       ON CONFLICT (source, external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING id`,
      [
        message.contactId,
        message.medium,
        message.source,
        message.externalId,
        message.fromAddress,
        message.toAddress,
        message.subject ?? null,
        message.body,
        message.authorId,
        jsonbParam(message.metadata ?? {}),
      ],
    );
    if (rows[0]) return { id: String(rows[0].id), created: true };
    const existing = message.externalId ? await this.findByProviderId(message.source, message.externalId) : null;
    if (!existing) throw new Error('outbound message vanished after a conflicting insert');
    return { id: existing.id, created: false };
  }

  /** The outbound message a provider id names (locked FOR UPDATE: its callbacks are serialized). */
  async lockOutbound(source: string, externalId: string): Promise<OutboundMessageRecord | null> {
    const [row] = await this.db.manager.query<OutboundMessageRecord[]>(
      `SELECT ${OUTBOUND_COLUMNS} FROM contact_message
        WHERE source = $1 AND external_id = $2 AND direction = 'outbound' FOR UPDATE`,
      [source, externalId],
    );
    return row ?? null;
  }

  async findOutbound(id: string): Promise<OutboundMessageRecord | null> {
    const [row] = await this.db.manager.query<OutboundMessageRecord[]>(
      `SELECT ${OUTBOUND_COLUMNS} FROM contact_message WHERE id = $1 AND direction = 'outbound'`,
      [id],
    );
    return row ?? null;
  }

  /**
   * Moves the status forward only (see domain/outbound-status.ts), merging `metadata` and setting
   * the provider's `error`; returns false when the message is already at or past `status`.
   */
  async advanceOutbound(
    id: string,
    status: OutboundStatus,
    change: { error?: string | null; metadata?: JsonObject } = {},
  ): Promise<boolean> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `WITH moved AS (
         UPDATE contact_message
            SET status = $2, error = COALESCE($3, error), metadata = metadata || $4::jsonb, updated_at = now()
          WHERE id = $1 AND direction = 'outbound' AND ${RANK_SQL} < $5 RETURNING id
       ) SELECT id FROM moved`,
      [id, status, change.error ?? null, jsonbParam(change.metadata ?? {}), OUTBOUND_STATUS_RANK[status]],
    );
    return rows.length > 0;
  }

  /** Merges facts into the message's metadata (e.g. its recording), without touching the status. */
  async mergeMetadata(id: string, metadata: JsonObject): Promise<void> {
    await this.db.manager.query(
      `UPDATE contact_message SET metadata = metadata || $2::jsonb, updated_at = now() WHERE id = $1`,
      [id, jsonbParam(metadata)],
    );
  }
}
