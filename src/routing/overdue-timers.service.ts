import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HandoffService } from './leads/handoff.service';
import { OffersService } from './offers/offers.service';

/** A timer counts as lost once this late: its own delayed job had every chance to run first. */
const LATE_BY_SECONDS = 10;
const BATCH = 200;

/**
 * Offer timeouts and handoff SLAs are BullMQ delayed jobs. Should Redis lose them (a flush, a
 * failover without persistence) after the outbox published them, the offer or handoff would stay
 * pending forever. This sweep fires the ones well past due through the very same methods their
 * jobs call, which are idempotent: a timer that did run finds the offer or handoff decided.
 */
@Injectable()
export class OverdueTimers {
  private readonly logger = new Logger(OverdueTimers.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly offers: OffersService,
    private readonly handoffs: HandoffService,
  ) {}

  async sweep(): Promise<{ offers: number; handoffs: number }> {
    const offers = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM offer WHERE status = 'pending' AND expires_at < now() - make_interval(secs => $1)
        ORDER BY expires_at LIMIT $2`,
      [LATE_BY_SECONDS, BATCH],
    );
    const handoffs = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM handoff WHERE status = 'offered' AND due_at < now() - make_interval(secs => $1)
        ORDER BY due_at LIMIT $2`,
      [LATE_BY_SECONDS, BATCH],
    );
    for (const { id } of offers) await this.offers.expire(id);
    for (const { id } of handoffs) await this.handoffs.expire(id);
    if (offers.length + handoffs.length > 0) {
      this.logger.warn(
        { offers: offers.length, handoffs: handoffs.length },
        'fired overdue timers whose delayed jobs never ran',
      );
    }
    return { offers: offers.length, handoffs: handoffs.length };
  }
}
