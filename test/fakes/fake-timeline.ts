import type { TimelineEntry } from '../../src/timeline/timeline';
import type { TimelineEventRow, TimelineRepository } from '../../src/timeline/timeline.repository';
import type { Public } from './public';

/** The timeline in memory. */
export class FakeTimeline implements Public<TimelineRepository> {
  readonly events: (TimelineEntry & { id: string })[] = [];

  append(...entries: TimelineEntry[]): Promise<string[]> {
    const ids = entries.map((entry) => {
      const id = String(this.events.length + 1);
      this.events.push({ ...entry, id });
      return id;
    });
    return Promise.resolve(ids);
  }

  hasAny(contactId: string, types: readonly string[]): Promise<boolean> {
    return Promise.resolve(this.events.some((e) => e.contactId === contactId && types.includes(e.type)));
  }

  async appendOnce(entry: TimelineEntry & { contactId: string }, key: string): Promise<boolean> {
    const seen = this.events.some(
      (e) => e.contactId === entry.contactId && e.type === entry.type && e.data?.eventKey === key,
    );
    if (seen) return false;
    await this.append({ ...entry, data: { ...entry.data, eventKey: key } });
    return true;
  }

  forContact(contactId: string): Promise<TimelineEventRow[]> {
    return Promise.resolve(
      this.events
        .filter((e) => e.contactId === contactId)
        .map((e) => ({
          id: e.id,
          type: e.type,
          actor: e.actor,
          contactId: e.contactId ?? null,
          personId: e.personId ?? null,
          data: e.data ?? {},
          occurredAt: new Date(0),
        })),
    );
  }

  forCustomer(customerId: string, limit = 100): Promise<TimelineEventRow[]> {
    return Promise.resolve(
      this.events
        .filter((e) => !e.contactId && e.data?.customerId === customerId)
        .slice(0, limit)
        .map((e) => ({
          id: e.id,
          type: e.type,
          actor: e.actor,
          contactId: null,
          personId: e.personId ?? null,
          data: e.data ?? {},
          occurredAt: new Date(0),
        })),
    );
  }

  types(contactId?: string): string[] {
    return this.events.filter((e) => contactId === undefined || e.contactId === contactId).map((e) => e.type);
  }
}
