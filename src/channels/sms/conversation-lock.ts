import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EphemeralStore } from '../../redis/ephemeral-store';

/** Longest a holder keeps the lock (it is released as soon as the work is done). */
const LOCK_TTL_MS = 15_000;
/** Longest a second message of the same number waits for the first. */
const WAIT_MS = 5_000;

/**
 * Serializes "find the open conversation, then add to it or start one" per sender, so two
 * messages of one number arriving together do not open two conversations. A shared claim (Redis,
 * or PostgreSQL's unlogged claims without Redis) rather than a row lock: waiting here holds no
 * transaction open. If the store is unreachable or the
 * wait runs out, the work runs anyway: a message is never refused for want of a lock (at worst,
 * a second conversation opens).
 */
@Injectable()
export class ConversationLock {
  private readonly logger = new Logger(ConversationLock.name);

  constructor(private readonly claims: EphemeralStore) {}

  async run<T>(subject: string, work: () => Promise<T>): Promise<T> {
    // Hashed: no phone numbers in claim keys.
    const key = `lock:sms-conversation:${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`;
    const token = randomUUID();
    let held = false;
    try {
      const deadline = Date.now() + WAIT_MS;
      while (!(held = await this.claims.claim(key, token, LOCK_TTL_MS))) {
        if (Date.now() > deadline) {
          this.logger.warn('conversation lock wait timed out; going on without it');
          break;
        }
        await sleep(10 + Math.floor(Math.random() * 20));
      }
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'conversation lock unavailable; going on without it');
    }
    try {
      return await work();
    } finally {
      if (held) await this.claims.release(key, token).catch(() => undefined);
    }
  }
}
