import { Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectRedis } from '../../redis/redis.module';

/** Longest a holder keeps the lock (it is released as soon as the work is done). */
const LOCK_TTL_MS = 15_000;
/** Longest a second message of the same number waits for the first. */
const WAIT_MS = 5_000;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Serializes "find the open conversation, then add to it or start one" per sender, so two
 * messages of one number arriving together do not open two conversations. A Redis lock rather
 * than a database one: waiting here holds no database connection. If Redis is unreachable or the
 * wait runs out, the work runs anyway: a message is never refused for want of a lock (at worst,
 * a second conversation opens).
 */
@Injectable()
export class ConversationLock {
  private readonly logger = new Logger(ConversationLock.name);

  constructor(@InjectRedis() private readonly redis: Redis) {}

  async run<T>(subject: string, work: () => Promise<T>): Promise<T> {
    // Hashed: no phone numbers in Redis keys.
    const key = `lock:sms-conversation:${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`;
    const token = randomUUID();
    let held = false;
    try {
      const deadline = Date.now() + WAIT_MS;
      while (!(held = (await this.redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) === 'OK')) {
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
      if (held) await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }
}
