import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, InjectConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { ReportCohortRepository } from './report-cohort.repository';

/**
 * Folds the funnel's appended per-day deltas into the per-day summary (a repeatable job,
 * REPORT_COMPACTION_INTERVAL_SECONDS), a bounded batch per transaction (REPORT_COMPACTION_BATCH),
 * at most `MAX_BATCHES` per run so one run never holds a worker long; what is left waits for the
 * next run. The reports are exact either way: they add the deltas not yet compacted.
 */
@Injectable()
export class ReportCohortCompactor {
  static readonly MAX_BATCHES = 20;
  private readonly logger = new Logger(ReportCohortCompactor.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cohort: ReportCohortRepository,
    @InjectConfig() private readonly config: Pick<AppConfig, 'REPORT_COMPACTION_BATCH'>,
  ) {}

  /** Returns how many deltas were folded in. */
  async compact(): Promise<number> {
    const batch = this.config.REPORT_COMPACTION_BATCH;
    let total = 0;
    for (let i = 0; i < ReportCohortCompactor.MAX_BATCHES; i++) {
      const moved = await this.unitOfWork.run(() => this.cohort.compact(batch));
      // Another compactor is at it: leave the rest to it.
      if (moved === null) break;
      total += moved.deltas;
      if (moved.deltas < batch) break;
    }
    if (total > 0) this.logger.log({ deltas: total }, 'funnel days compacted');
    return total;
  }
}
