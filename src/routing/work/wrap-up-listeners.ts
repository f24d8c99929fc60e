import { Injectable } from '@nestjs/common';

/** A contact wrapped up with a disposition, as the listeners see it. */
export interface WrappedUp {
  contactId: string;
  personId: string | null;
  disposition: string;
  /** Who wrapped it up (the agent, or an overseer closing an orphan). */
  byUserId: string;
}

/** Something that must happen, in the wrap-up's unit of work, for some dispositions. */
export interface WrapUpListener {
  readonly name: string;
  onWrappedUp(event: WrappedUp): Promise<void>;
}

/**
 * The wrap-up fan-out: outbound campaigns act on their calls' dispositions (`seminar_registered`
 * registers the target for the campaign's seminar). Modules that react register at start-up, so
 * routing does not depend on them. Listeners run inside the wrap-up's unit of work: a failing one
 * rolls the wrap-up back.
 */
@Injectable()
export class WrapUpListeners {
  private readonly listeners: WrapUpListener[] = [];

  register(listener: WrapUpListener): void {
    this.listeners.push(listener);
  }

  async wrappedUp(event: WrappedUp): Promise<void> {
    for (const listener of this.listeners) await listener.onWrappedUp(event);
  }
}
