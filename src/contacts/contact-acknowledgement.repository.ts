import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { Language, Medium } from './contact.types';

/** The facts of a contact its acknowledgement is written from. */
export interface ContactToAcknowledge {
  id: string;
  medium: Medium;
  /** The contact's own Message-ID for an e-mail, so the acknowledgement threads under it. */
  externalId: string | null;
  language: Language;
  fromName: string | null;
  fromEmail: string | null;
  personId: string | null;
  acknowledgedAt: Date | null;
}

/**
 * The acknowledgement's side of the contact row (the mail module sends it): the facts the mail
 * needs and the `acknowledged_at` mark (the mail's send record, not a lock, keeps it to one). Narrow on purpose: the lifecycle is
 * ContactRepository's, and this never touches the status.
 */
@Injectable()
export class ContactAcknowledgementRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async find(contactId: string): Promise<ContactToAcknowledge | null> {
    const [row] = await this.db.manager.query<ContactToAcknowledge[]>(
      `SELECT id, medium, external_id AS "externalId", language, from_name AS "fromName",
              from_email AS "fromEmail", person_id AS "personId", acknowledged_at AS "acknowledgedAt"
         FROM contact WHERE id = $1`,
      [contactId],
    );
    return row ?? null;
  }

  async markAcknowledged(contactId: string): Promise<void> {
    await this.db.manager.query(`UPDATE contact SET acknowledged_at = now() WHERE id = $1`, [contactId]);
  }
}
