import type { EntityManager } from 'typeorm';
import { TimelineEvent } from './timeline-event.entity';

export interface TimelineEntry {
  type: string;
  actor: string;
  contactId?: string | null;
  personId?: string | null;
  data?: Record<string, unknown>;
}

/** Appends events inside the caller's transaction, so a state change and its event commit together. */
export async function appendTimeline(manager: EntityManager, ...entries: TimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.insert(
    TimelineEvent,
    entries.map((e) => ({
      type: e.type,
      actor: e.actor,
      contactId: e.contactId ?? null,
      personId: e.personId ?? null,
      data: e.data ?? {},
    })),
  );
}
