import type { JsonObject } from '../common/json';

/** One event to append to the timeline (TimelineRepository.append). */
export interface TimelineEntry {
  type: string;
  actor: string;
  contactId?: string | null;
  personId?: string | null;
  data?: JsonObject;
}
