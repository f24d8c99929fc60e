import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import { contactIdOfAcknowledgement } from '../../mail/acknowledgement-message-id';
import { emailDomain, isFreeMailDomain, normalizeEmail } from '../../identity/normalize';
import { EMAIL_SOURCES } from './email-message';

/**
 * May a reply from `sender` join a conversation with `customer`? The customer themself, or a
 * colleague at the same corporate domain (a reply-all from the buying team). A stranger who got
 * hold of a Message-ID (a forwarded mail, a mailing list) starts a contact of their own instead.
 */
export function mayJoinConversation(sender: string | undefined, customer: string | null): boolean {
  if (!sender || !customer) return false;
  const [a, b] = [normalizeEmail(sender), normalizeEmail(customer)];
  if (a === b) return true;
  const domain = emailDomain(a);
  return domain === emailDomain(b) && !isFreeMailDomain(domain);
}

/**
 * Finds the contact a reply belongs to from the Message-IDs it answers: an e-mail we stored as a
 * contact or as a follow-up message, an agent's e-mail reply (its Message-ID is the outbound
 * message's external id), or the acknowledgement we sent (whose Message-ID names the contact). The first id that matches wins, so pass In-Reply-To first.
 */
@Injectable()
export class EmailThreadRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** The contact the reply answers, when `sender` may join its conversation (mayJoinConversation). */
  async findContact(messageIds: string[], sender?: string): Promise<string | null> {
    const contactId = await this.findAnswered(messageIds);
    if (!contactId) return null;
    const [row] = await this.db.manager.query<{ customer: string | null }[]>(
      `SELECT coalesce(p.email, c.from_email) AS customer
         FROM contact c LEFT JOIN person p ON p.id = c.person_id WHERE c.id = $1`,
      [contactId],
    );
    return mayJoinConversation(sender, row?.customer ?? null) ? contactId : null;
  }

  private async findAnswered(messageIds: string[]): Promise<string | null> {
    const ids = messageIds.filter((id) => id.length <= 255);
    if (ids.length === 0) return null;
    const acknowledged = ids.map(contactIdOfAcknowledgement).filter((id): id is string => id !== null);
    const rows = await this.db.manager.query<{ ref: string; contact_id: string }[]>(
      `SELECT external_id AS ref, id AS contact_id FROM contact
        WHERE external_id = ANY($1::text[]) AND source = ANY($2::text[])
       UNION ALL
       SELECT external_id, contact_id FROM contact_message
        WHERE external_id = ANY($1::text[])
          AND (source = ANY($2::text[]) OR (direction = 'outbound' AND medium = 'email'))
       UNION ALL
       SELECT 'ack:' || id::text, id FROM contact WHERE id = ANY($3::uuid[])`,
      [ids, [...EMAIL_SOURCES], acknowledged],
    );
    const byRef = new Map(rows.map((r) => [r.ref, r.contact_id]));
    for (const id of ids) {
      const ack = contactIdOfAcknowledgement(id);
      const found = byRef.get(id) ?? (ack ? byRef.get(`ack:${ack}`) : undefined);
      if (found) return found;
    }
    return null;
  }
}
