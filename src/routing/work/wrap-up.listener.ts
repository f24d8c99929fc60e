import { Injectable } from '@nestjs/common';

/** What a wrap-up decided, for the parts of the service that act on it. */
export interface WrappedUp {
  contactId: string;
  personId: string | null;
  disposition: string;
  /** `user:<id>` of who wrapped up. */
  actor: string;
  at: Date;
}

export interface WrapUpListener {
  name: string;
  /** Runs inside the wrap-up's unit of work: what it writes commits with the wrap-up, or neither does. */
  onWrappedUp(event: WrappedUp): Promise<void>;
}

/**
 * Where other modules (outbound campaigns, seminar registrations) hook into a wrap-up without
 * routing importing them: a campaign call's disposition decides its target's retry or end.
 */
@Injectable()
export class WrapUpListeners {
  private readonly listeners: WrapUpListener[] = [];

  register(listener: WrapUpListener): void {
    this.listeners.push(listener);
  }

  async wrappedUp(event: WrappedUp): Promise<void> {
    for (const l of this.listeners) await l.onWrappedUp(event);
  }
}
