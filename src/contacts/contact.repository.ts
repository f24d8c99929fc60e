import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { ContactStatus, Language, Medium, SalesChannel } from './contact.types';
import { ContactTransition, transitionFrom } from './domain/contact-lifecycle';

/** The contact as routing reads it, with the customer's segment (market planning) for priority. */
export interface RoutableContact {
  id: string;
  status: ContactStatus;
  medium: Medium;
  channel: SalesChannel | null;
  language: Language;
  product_line: string | null;
  person_id: string | null;
  customer_id: string | null;
  segment: string | null;
  from_name: string | null;
  from_email: string | null;
  from_phone: string | null;
  from_company: string | null;
  subject: string | null;
  body: string;
  created_at: Date;
}

/** The columns of RoutableContact, for `contact c LEFT JOIN customer cu`. */
export const ROUTABLE_COLUMNS = `c.id, c.status, c.medium, c.channel, c.language, c.product_line, c.person_id,
  c.customer_id, cu.segment, c.from_name, c.from_email, c.from_phone, c.from_company, c.subject,
  left(c.body, 500) AS body, c.created_at`;

/** Columns a transition may set together with the status. */
export interface ContactTransitionPatch {
  channel?: SalesChannel;
  channelReason?: string;
  personId?: string | null;
  customerId?: string | null;
}

/** A transition that found the contact in none of the statuses it starts from. */
export class ContactTransitionConflict extends DomainError {
  constructor(contactId: string, transition: ContactTransition, from: readonly ContactStatus[]) {
    super('conflict', `contact ${contactId} is no longer ${from.join(' or ')} (${transition})`);
  }
}

/**
 * The contact table: its rows, its lifecycle and its locks. Every status change is a named
 * transition of the lifecycle table (domain/contact-lifecycle.ts), applied with
 * `UPDATE ... WHERE status = ANY($from)`: a transition that lost a race throws, it never overwrites.
 */
@Injectable()
export class ContactRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Locks the contact row (FOR UPDATE) and reads it as routing sees it; with `skipLocked`, a
   * contact another process is routing right now is skipped (null) rather than waited for. The
   * customer's segment is joined in: a read of the account's market-planning segment, which the
   * queue priority needs on every dispatch.
   */
  async lockRoutable(contactId: string, options: { skipLocked?: boolean } = {}): Promise<RoutableContact | null> {
    const [row] = await this.db.manager.query<RoutableContact[]>(
      `SELECT ${ROUTABLE_COLUMNS} FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id
        WHERE c.id = $1 FOR UPDATE OF c${options.skipLocked ? ' SKIP LOCKED' : ''}`,
      [contactId],
    );
    return row ?? null;
  }

  /**
   * Moves the contact along the named transition; returns the status it left. Throws
   * ContactTransitionConflict when the contact is in none of the transition's start statuses.
   */
  async transition(
    contactId: string,
    name: ContactTransition,
    patch: ContactTransitionPatch = {},
  ): Promise<ContactStatus> {
    const { from, to } = transitionFrom(name);
    const params: unknown[] = [contactId, [...from], to];
    const sets = ['status = $3', 'updated_at = now()'];
    if (patch.channel !== undefined) sets.push(`channel = $${params.push(patch.channel)}`);
    if (patch.channelReason !== undefined) sets.push(`channel_reason = $${params.push(patch.channelReason)}`);
    if (patch.personId !== undefined) sets.push(`person_id = $${params.push(patch.personId)}`);
    if (patch.customerId !== undefined) sets.push(`customer_id = $${params.push(patch.customerId)}`);
    // The old status comes back from a self-join on the row as it was before the update.
    const [rows] = await this.db.manager.query<[{ previous: ContactStatus }[], number]>(
      `UPDATE contact c SET ${sets.join(', ')} FROM contact old
        WHERE c.id = $1 AND old.id = c.id AND c.status = ANY($2::text[])
        RETURNING old.status AS previous`,
      params,
    );
    const previous = rows[0]?.previous;
    if (!previous) throw new ContactTransitionConflict(contactId, name, from);
    return previous;
  }
}
