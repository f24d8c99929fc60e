import { Injectable } from '@nestjs/common';
import { EphemeralStore } from '../redis/ephemeral-store';

/** A breach is remembered this long (longer than any contact waits or handoff stays open unnoticed). */
export const BREACH_MEMORY_SECONDS = 7 * 24 * 3600;

/**
 * Remembers which SLA breaches were announced, across every process: the first to claim a breach
 * announces it, everyone else stays quiet. A port, so the monitor's spec needs no Redis.
 */
export abstract class BreachLedger {
  /** True for the first claim of this breach (within BREACH_MEMORY_SECONDS), false afterwards. */
  abstract claim(breachId: string, at: Date): Promise<boolean>;
}

/** The ledger as shared claims (Redis `SET NX`, or PostgreSQL's unlogged claims without Redis). */
@Injectable()
export class SharedBreachLedger extends BreachLedger {
  constructor(private readonly claims: EphemeralStore) {
    super();
  }

  claim(breachId: string, at: Date): Promise<boolean> {
    return this.claims.claim(`sla:breach:${breachId}`, at.toISOString(), BREACH_MEMORY_SECONDS * 1000);
  }
}
