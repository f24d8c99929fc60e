import { Injectable } from '@nestjs/common';
import type { ClosedMaturity } from '../domain/maturity';
import type { Lead } from './lead';

/** Something that must happen, in the same unit of work, when a lead is won or lost. */
export interface DealOutcomeListener {
  /** For logs and ordering: listeners run in registration order. */
  readonly name: string;
  onDealClosed(lead: Lead, result: ClosedMaturity, byUserId: string, reason: string): Promise<void>;
}

/**
 * The won/lost fan-out: the proposal team's records, the back office's paperwork, the
 * relationship owner's notice. Modules that react register here at start-up, so the lead module
 * does not depend on each of them (they depend on it). Listeners run inside the outcome's unit of
 * work: a failing one rolls the outcome back, so a won deal never lacks its paperwork.
 */
@Injectable()
export class DealOutcomeListeners {
  private readonly listeners: DealOutcomeListener[] = [];

  register(listener: DealOutcomeListener): void {
    this.listeners.push(listener);
  }

  async closed(lead: Lead, result: ClosedMaturity, byUserId: string, reason: string): Promise<void> {
    for (const listener of this.listeners) await listener.onDealClosed(lead, result, byUserId, reason);
  }
}
