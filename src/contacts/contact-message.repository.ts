import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import type { JsonObject } from '../common/json';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { Medium } from './contact.types';

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
}
