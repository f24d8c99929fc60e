import { Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { InjectRedis } from '../redis/redis.module';

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

/** The ledger in Redis: `SET NX` of the breach's key, so PostgreSQL stays untouched. */
@Injectable()
export class RedisBreachLedger extends BreachLedger {
  constructor(@InjectRedis() private readonly redis: Redis) {
    super();
  }

  async claim(breachId: string, at: Date): Promise<boolean> {
    const first = await this.redis.set(`sla:breach:${breachId}`, at.toISOString(), 'EX', BREACH_MEMORY_SECONDS, 'NX');
    return first === 'OK';
  }
}
