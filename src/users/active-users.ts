import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { UserRepository } from './user.repository';

/**
 * How long a process trusts its last answer on whether a user is active: a deactivated user's
 * token stops working within this long everywhere (at once on the process that deactivated them),
 * at the cost of one indexed read per user and period instead of one per request.
 */
export const ACTIVE_USER_CACHE_MS = 5_000;
/** Entries kept before the cache starts over (a bound on memory, not a tuning knob). */
const MAX_ENTRIES = 10_000;

/** Whether the user behind a valid token may still act: tokens outlive a deactivation. */
@Injectable()
export class ActiveUsers {
  private readonly known = new Map<string, { active: boolean; until: number }>();

  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async isActive(userId: string): Promise<boolean> {
    const now = this.clock.nowMs();
    const cached = this.known.get(userId);
    if (cached && cached.until > now) return cached.active;
    const active = (await this.users.findById(userId))?.active === true;
    if (this.known.size >= MAX_ENTRIES) this.known.clear();
    this.known.set(userId, { active, until: now + ACTIVE_USER_CACHE_MS });
    return active;
  }

  /** The user changed here: the next question reads the database. */
  forget(userId: string): void {
    this.known.delete(userId);
  }
}
