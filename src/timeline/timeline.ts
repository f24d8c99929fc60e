import type { JsonObject } from '../common/json';

/** One event to append to the timeline (TimelineRepository.append). */
export interface TimelineEntry {
  type: string;
  actor: string;
  contactId?: string | null;
  personId?: string | null;
  data?: JsonObject;
}

/**
 * @deprecated Use TimelineRepository.append inside a unit of work. Kept only while callers move over.
 */
export async function appendTimeline(
  manager: import('typeorm').EntityManager,
  ...entries: TimelineEntry[]
): Promise<void> {
  if (entries.length === 0) return;
  const params: unknown[] = [];
  const values = entries.map((e) => {
    params.push(e.type, e.actor, e.contactId ?? null, e.personId ?? null, JSON.stringify(e.data ?? {}));
    const n = params.length;
    return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
  });
  await manager.query(
    `INSERT INTO timeline_event (type, actor, contact_id, person_id, data) VALUES ${values.join(', ')}`,
    params,
  );
}
