import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { BusinessTimeIndex } from './domain/business-time-index';
import { calendarKey, DAY_MS, dayOf } from './domain/rollup-days';
import { waitBucket } from './domain/wait-buckets';
import { ReportCalendar } from './report-calendar';
import { type RolledBucket, ReportRollupRepository, type WaitKind } from './report-rollup.repository';
import { type ContactClocks, FIRST_TOUCH_HORIZON_DAYS, ReportsReadRepository } from './reports-read.repository';

/** PostgreSQL's serialization failure: a concurrent roll of the day committed first. */
const SERIALIZATION_FAILURE = '40001';

export interface RollOutcome {
  rolled: number;
  /** Days another roll held, or rolled first: left to the next run. */
  skipped: number;
}

/**
 * Rolls up the speed-to-lead and wait-SLA figures of whole UTC days before today
 * (report-rollup.repository.ts): the days a late change made stale, and the days never rolled
 * under the calendar in force (after a calendar change, the whole history, REPORTS_ROLL_DAYS_PER_RUN
 * days a run). Run by a repeatable job (REPORTS_ROLL_INTERVAL_SECONDS). Each day is one REPEATABLE
 * READ transaction: its contacts are read and their waits measured and written in one snapshot, so
 * a write the snapshot misses leaves its stale entry behind and the day is rolled again.
 */
@Injectable()
export class ReportRollService {
  private readonly logger = new Logger(ReportRollService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly rollups: ReportRollupRepository,
    private readonly reads: ReportsReadRepository,
    private readonly calendars: ReportCalendar,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: Pick<AppConfig, 'REPORTS_ROLL_DAYS_PER_RUN'>,
  ) {}

  async roll(limit: number = this.config.REPORTS_ROLL_DAYS_PER_RUN): Promise<RollOutcome> {
    const today = dayOf(this.clock.nowMs());
    const calendar = await this.calendars.calendar();
    const key = calendarKey(calendar);
    const days = await this.rollups.daysToRoll(today, key, limit);
    const outcome: RollOutcome = { rolled: 0, skipped: 0 };
    if (days.length === 0) return outcome;
    // One index over the batch: every wait starts in a day and ends within the first-touch horizon.
    const index = new BusinessTimeIndex(
      calendar,
      new Date((Math.min(...days) - 1) * DAY_MS),
      new Date((Math.max(...days) + 2 + FIRST_TOUCH_HORIZON_DAYS) * DAY_MS),
    );
    for (const day of days) {
      if (await this.rollDay(day, key, index)) outcome.rolled++;
      else outcome.skipped++;
    }
    if (outcome.rolled > 0) await this.rollups.tidy();
    this.logger.log({ ...outcome, calendarKey: key }, 'report days rolled');
    return outcome;
  }

  /** Every day `roll` would take, run by run, until none is left (the benchmark, a test). */
  async rollAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const { rolled, skipped } = await this.roll();
      total += rolled;
      if (rolled + skipped === 0 || rolled === 0) return total;
    }
  }

  private async rollDay(day: number, key: string, index: BusinessTimeIndex): Promise<boolean> {
    try {
      return await this.unitOfWork.run(
        async () => {
          if (!(await this.rollups.tryLockDay(day))) return false;
          const clocks = await this.reads.contactClocks({
            from: new Date(day * DAY_MS),
            to: new Date((day + 1) * DAY_MS),
          });
          const { contacts, buckets, live } = dayRollup(day, clocks, index);
          await this.rollups.writeDay(day, key, live, contacts, buckets);
          return true;
        },
        { isolation: 'REPEATABLE READ' },
      );
    } catch (error) {
      if ((error as { code?: string }).code === SERIALIZATION_FAILURE) return false;
      throw error;
    }
  }
}

/**
 * A day's rollup from its contacts' clocks: contacts per channel, and per channel and kind the
 * business waits (negative read 0) by bucket. `live` when an arrival's ms falls on another day
 * (sub-ms rounding at midnight): the day's chart rows would not be its own, so it is read live.
 */
export function dayRollup(
  day: number,
  clocks: ContactClocks[],
  index: Pick<BusinessTimeIndex, 'betweenMs'>,
): { contacts: { channel: string | null; contacts: number }[]; buckets: RolledBucket[]; live: boolean } {
  const contacts: { channel: string | null; contacts: number }[] = [];
  const buckets: RolledBucket[] = [];
  let live = false;
  for (const c of clocks) {
    contacts.push({ channel: c.channel, contacts: c.receivedAt.length });
    for (const [kind, ends] of [
      ['offer', c.firstOfferAt],
      ['answer', c.firstResponseAt],
    ] as [WaitKind, number[]][]) {
      const byBucket = new Map<number, number[]>();
      for (let i = 0; i < c.receivedAt.length; i++) {
        if (dayOf(c.receivedAt[i]) !== day) live = true;
        if (Number.isNaN(ends[i])) continue;
        const wait = Math.max(0, index.betweenMs(c.receivedAt[i], ends[i]));
        const bucket = waitBucket(wait);
        const list = byBucket.get(bucket);
        if (list) list.push(wait);
        else byBucket.set(bucket, [wait]);
      }
      for (const [bucket, waits] of byBucket) {
        buckets.push({ channel: c.channel, kind, bucket, waits: waits.sort((a, b) => a - b) });
      }
    }
  }
  return { contacts, buckets, live };
}
