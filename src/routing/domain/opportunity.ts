import { canTransition, type ClosedMaturity, isClosedMaturity, type Maturity, type OpenMaturity } from './maturity';
import type { Route } from './channel-matrix';

/**
 * The opportunity lifecycle after qualification: who owns a lead (and may move it), and whether a
 * requested stage move or outcome is legal. Pure; the transition table itself is `canTransition`.
 */

export interface OwnershipFacts {
  route: Route;
  /** The deal specialist who accepted the field handoff, if any. */
  dealSpecialistId: string | null;
  /** The agent who qualified the lead. */
  ownerId: string | null;
}

/**
 * The lead's owner: the deal specialist who accepted its handoff (a field lead from then on belongs
 * to the face-to-face seller), before that and for every other route the agent who qualified it.
 */
export function leadOwnerOf(lead: OwnershipFacts): string | null {
  if (lead.route === 'field' && lead.dealSpecialistId) return lead.dealSpecialistId;
  return lead.ownerId;
}

export type StageMoveDecision =
  /** The stage changes: the stall clock restarts. */
  | { kind: 'move'; from: Maturity; to: OpenMaturity }
  /** Same stage, new forecast (amount or expected close): the stall clock keeps running. */
  | { kind: 'forecast'; stage: OpenMaturity }
  | { kind: 'refused'; reason: string };

/**
 * Whether a lead at `from` may move to `to` (an open stage; outcomes have their own request). A
 * request for the stage the lead is in only updates the forecast, and needs one to update.
 */
export function decideStageMove(
  from: Maturity,
  to: OpenMaturity,
  forecast: { amount?: number; expectedCloseAt?: Date },
): StageMoveDecision {
  if (isClosedMaturity(from)) return { kind: 'refused', reason: `the lead is ${from}: a final stage` };
  if (from === to) {
    if (forecast.amount === undefined && forecast.expectedCloseAt === undefined) {
      return { kind: 'refused', reason: `the lead is already at ${to}` };
    }
    return { kind: 'forecast', stage: to };
  }
  if (!canTransition(from, to)) {
    return { kind: 'refused', reason: `${from} -> ${to} is not allowed: back by one stage at most` };
  }
  return { kind: 'move', from, to };
}

export type OutcomeDecision =
  { kind: 'close'; from: Maturity; to: ClosedMaturity } | { kind: 'refused'; reason: string };

/** Won from M2 on (nothing is won unqualified), lost from any open stage, nothing out of won or lost. */
export function decideOutcome(from: Maturity, result: ClosedMaturity): OutcomeDecision {
  if (isClosedMaturity(from)) return { kind: 'refused', reason: `the lead is already ${from}` };
  if (!canTransition(from, result)) {
    return { kind: 'refused', reason: `a lead at ${from} cannot be ${result}: it must reach M2 first` };
  }
  return { kind: 'close', from, to: result };
}
