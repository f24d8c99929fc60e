import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { TimelineEntry } from './timeline';

export interface TimelineEventRow {
  id: string;
  type: string;
  actor: string;
  contactId: string | null;
  personId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * The append-only timeline (a trigger refuses UPDATE and DELETE). Events are appended inside the
 * running unit of work, so a state change and its event commit together or not at all.
 */
@Injectable()
export class TimelineRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Appends the events in one statement; returns their ids, in the order given. */
  async append(...entries: TimelineEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const params: unknown[] = [];
    const values = entries.map((e) => {
      params.push(e.type, e.actor, e.contactId ?? null, e.personId ?? null, jsonbParam(e.data ?? {}));
      const n = params.length;
      return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
    });
    const rows = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO timeline_event (type, actor, contact_id, person_id, data) VALUES ${values.join(', ')} RETURNING id`,
      params,
    );
    return rows.map((r) => String(r.id));
  }

  /** Whether the contact's timeline has an event of any of these types. */
  async hasAny(contactId: string, types: readonly string[]): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(
      `SELECT 1 FROM timeline_event WHERE contact_id = $1 AND type = ANY($2::text[]) LIMIT 1`,
      [contactId, types],
    );
    return rows.length > 0;
  }

  /**
   * Appends the event unless one of the same type and key is already on the contact, so a provider
   * callback delivered twice tells its story once. The key is kept in the event's data as
   * `eventKey`. Serialized per contact, type and key by a transaction-scoped advisory lock.
   */
  async appendOnce(entry: TimelineEntry & { contactId: string }, key: string): Promise<boolean> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 3))', [
      `timeline-once\n${entry.contactId}\n${entry.type}\n${key}`,
    ]);
    const seen: unknown[] = await this.db.manager.query(
      `SELECT 1 FROM timeline_event WHERE contact_id = $1 AND type = $2 AND data->>'eventKey' = $3 LIMIT 1`,
      [entry.contactId, entry.type, key],
    );
    if (seen.length > 0) return false;
    await this.append({ ...entry, data: { ...entry.data, eventKey: key } });
    return true;
  }

  /** The contact's events, oldest first. */
  async forContact(contactId: string): Promise<TimelineEventRow[]> {
    return this.db.manager.query<TimelineEventRow[]>(
      `SELECT id, type, actor, contact_id AS "contactId", person_id AS "personId", data, occurred_at AS "occurredAt"
         FROM timeline_event WHERE contact_id = $1 ORDER BY id`,
      [contactId],
    );
  }

  /**
   * The changes to a customer account, oldest first: events without a contact (the timeline is per
   * contact and person; an account's own changes name it in `data.customerId`).
   */
  async forCustomer(customerId: string, limit = 100): Promise<TimelineEventRow[]> {
    return this.db.manager.query<TimelineEventRow[]>(
      `SELECT id, type, actor, contact_id AS "contactId", person_id AS "personId", data, occurred_at AS "occurredAt"
         FROM timeline_event WHERE contact_id IS NULL AND data->>'customerId' = $1 ORDER BY id LIMIT $2`,
      [customerId, limit],
    );
  }
}
