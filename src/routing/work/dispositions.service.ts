import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import { DomainError } from '../../common/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { Disposition, parseDispositions } from '../domain/dispositions';
import { DispositionRepository } from './disposition.repository';

/** The configurable wrap-up codes. */
@Injectable()
export class DispositionsService {
  private readonly logger = new Logger(DispositionsService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dispositions: DispositionRepository,
    private readonly timeline: TimelineRepository,
  ) {}

  list(): Promise<Disposition[]> {
    return this.dispositions.list();
  }

  /** Replaces the list: all or nothing, with every problem named by its path. */
  async replace(body: unknown, principal: Principal): Promise<Disposition[]> {
    const parsed = parseDispositions(body);
    if (!parsed.ok) {
      throw new DomainError(
        'validation_failed',
        parsed.issues.map((i) => `${i.field} ${i.message}`).join('; '),
        parsed.issues,
      );
    }
    return this.unitOfWork.run(async () => {
      await this.dispositions.replace(parsed.value);
      await this.timeline.append({
        type: 'dispositions.replaced',
        actor: `user:${principal.id}`,
        data: { codes: parsed.value.map((d) => d.code) },
      });
      this.unitOfWork.afterCommit(() =>
        this.logger.log({ codes: parsed.value.map((d) => d.code) }, 'dispositions replaced'),
      );
      return this.dispositions.list();
    });
  }
}
