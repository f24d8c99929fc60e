import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../common/json';

export interface TimelineEntry {
  type: string;
  actor: string;
  contactId?: string | null;
  personId?: string | null;
  data?: JsonObject;
}

/** Appends events inside the caller's transaction, so a state change and its event commit together. */
export async function appendTimeline(manager: EntityManager, ...entries: TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const params: unknown[] = [];
  const values = entries.map((e) => {
    params.push(e.type, e.actor, e.contactId ?? null, e.personId ?? null, JSON.stringify(e.data ?? {}));
    const n = params.length;
    return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
  });
  // One statement for any number of events; ids follow the order given.
  await manager.query(
    `INSERT INTO timeline_event (type, actor, contact_id, person_id, data) VALUES ${values.join(', ')}`,
    params,
  );
}
