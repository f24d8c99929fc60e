import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import type { JsonObject } from '../common/json';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { ContactMessageStatus } from './contact-message.entity';
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

/** An outbound call to record, written by the agent who placed it (once per provider id). */
export interface NewOutboundCall {
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

/** An outbound message to store (a reply, an outbound call) with its first status. */
export interface NewOutboundMessage {
  /** Chosen by the caller when its Message-ID must name the row before it exists. */
  id?: string;
  contactId: string;
  medium: Medium;
  source: string;
  externalId: string | null;
  fromAddress: string | null;
  toAddress: string | null;
  subject: string | null;
  body: string;
  status: Exclude<ContactMessageStatus, 'received'>;
  authorId: string | null;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  metadata?: JsonObject;
}

/** A row of the conversation, camelCased, with its author's name (a display join). */
export interface ConversationMessageRecord {
  id: string;
  contactId: string;
  direction: 'inbound' | 'outbound';
  medium: Medium;
  source: string;
  externalId: string | null;
  fromAddress: string | null;
  toAddress: string | null;
  subject: string | null;
  body: string;
  status: ContactMessageStatus;
  error: string | null;
  authorId: string | null;
  authorName: string | null;
  requestHash: string | null;
  metadata: JsonObject;
  createdAt: Date;
  updatedAt: Date;
}

const CONVERSATION_COLUMNS = `m.id, m.contact_id AS "contactId", m.direction, m.medium, m.source,
  m.external_id AS "externalId", m.from_address AS "fromAddress", m.to_address AS "toAddress", m.subject, m.body,
  m.status, m.error, m.author_id AS "authorId", u.name AS "authorName", m.request_hash AS "requestHash",
  m.metadata, m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;
const WITH_AUTHOR = `contact_message m LEFT JOIN app_user u ON u.id = m.author_id`;

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
  async recordOutbound(message: NewOutboundCall): Promise<{ id: string; created: boolean }> {
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

  /** Inserts an outbound message; returns its id. */
  async insertOutbound(message: NewOutboundMessage): Promise<string> {
    const [row] = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO contact_message (id, contact_id, direction, medium, source, external_id, from_address, to_address,
         subject, body, status, author_id, idempotency_key, request_hash, metadata)
       VALUES (coalesce($1::uuid, gen_random_uuid()), $2, 'outbound', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
         $14::jsonb)
       RETURNING id`,
      [
        message.id ?? null,
        message.contactId,
        message.medium,
        message.source,
        message.externalId,
        message.fromAddress,
        message.toAddress,
        message.subject,
        message.body,
        message.status,
        message.authorId,
        message.idempotencyKey ?? null,
        message.requestHash ?? null,
        jsonbParam(message.metadata ?? {}),
      ],
    );
    return String(row.id);
  }

  /** Serializes the requests of one author's Idempotency-Key until the transaction ends. */
  async lockIdempotencyKey(authorId: string, key: string): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 5))', [
      `reply\n${authorId}\n${key}`,
    ]);
  }

  /** The message an author's Idempotency-Key queued, if any. */
  async findByIdempotencyKey(authorId: string, key: string): Promise<ConversationMessageRecord | null> {
    const [row] = await this.db.manager.query<ConversationMessageRecord[]>(
      `SELECT ${CONVERSATION_COLUMNS} FROM ${WITH_AUTHOR} WHERE m.author_id = $1 AND m.idempotency_key = $2`,
      [authorId, key],
    );
    return row ?? null;
  }

  async findConversationMessage(id: string): Promise<ConversationMessageRecord | null> {
    const [row] = await this.db.manager.query<ConversationMessageRecord[]>(
      `SELECT ${CONVERSATION_COLUMNS} FROM ${WITH_AUTHOR} WHERE m.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Locks the message row (FOR UPDATE) and reads it: status changes of one message are serialized. */
  async lockConversationMessage(id: string): Promise<ConversationMessageRecord | null> {
    await this.db.manager.query(`SELECT 1 FROM contact_message WHERE id = $1 FOR UPDATE`, [id]);
    return this.findConversationMessage(id);
  }

  /** The contact's later messages, both directions, oldest first. */
  async conversation(contactId: string): Promise<ConversationMessageRecord[]> {
    return this.db.manager.query<ConversationMessageRecord[]>(
      `SELECT ${CONVERSATION_COLUMNS} FROM ${WITH_AUTHOR} WHERE m.contact_id = $1 ORDER BY m.created_at, m.id`,
      [contactId],
    );
  }

  /** Moves an outbound message's status (the caller decided it moves forward), with the provider's reason. */
  async setStatus(id: string, status: ContactMessageStatus, error: string | null): Promise<void> {
    await this.db.manager.query(
      `UPDATE contact_message SET status = $2, error = $3, updated_at = now() WHERE id = $1`,
      [id, status, error],
    );
  }
}
