import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../common/json';
import { appendTimeline, TimelineEntry } from '../../timeline/timeline';

/**
 * Appends a timeline event unless one of the same type and key is already on the contact, so a
 * provider callback delivered twice tells its story once. The key is kept in the event's data as
 * `eventKey`. Runs in the caller's transaction.
 */
export async function appendTimelineOnce(
  manager: EntityManager,
  entry: TimelineEntry & { contactId: string; data?: JsonObject },
  key: string,
): Promise<boolean> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 3))', [
    `timeline-once\n${entry.contactId}\n${entry.type}\n${key}`,
  ]);
  const seen: unknown[] = await manager.query(
    `SELECT 1 FROM timeline_event WHERE contact_id = $1 AND type = $2 AND data->>'eventKey' = $3 LIMIT 1`,
    [entry.contactId, entry.type, key],
  );
  if (seen.length > 0) return false;
  await appendTimeline(manager, { ...entry, data: { ...entry.data, eventKey: key } });
  return true;
}

/** Serializes the handlers of one contact's provider callbacks (status, voicemail, bridge). */
export async function lockContactEvents(manager: EntityManager, contactId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 4))', [`contact-events\n${contactId}`]);
}

export async function hasTimelineEvent(manager: EntityManager, contactId: string, types: string[]): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM timeline_event WHERE contact_id = $1 AND type = ANY($2::text[]) LIMIT 1`,
    [contactId, types],
  );
  return rows.length > 0;
}
