import { Injectable } from '@nestjs/common';

/** A message that joined a contact's conversation, or changed (committed). */
export interface ContactMessageAdded {
  contactId: string;
  messageId: string;
}

/**
 * In-process announcements of new inbound messages and of outbound calls placed, moved or
 * recorded, after their commit. Contacts knows nothing
 * of who listens: the conversations module subscribes and tells the consoles, so contacts keeps
 * depending on neither routing nor the console.
 */
@Injectable()
export class ContactMessageFeed {
  private readonly listeners = new Set<(event: ContactMessageAdded) => void>();

  published(event: ContactMessageAdded): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Registers a listener; returns its removal. */
  subscribe(listener: (event: ContactMessageAdded) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
