import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { DomainError } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { TimelineRepository } from '../timeline/timeline.repository';
import { ChannelCostRepository } from './channel-cost.repository';
import type { ChannelCostView, PutChannelCostsDto } from './reports.dto';

/** The channel costs the cost report divides (`PUT /reports/channel-costs`). */
@Injectable()
export class ChannelCostsService {
  private readonly logger = new Logger(ChannelCostsService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly costs: ChannelCostRepository,
    private readonly timeline: TimelineRepository,
  ) {}

  async list(): Promise<ChannelCostView[]> {
    const rows = await this.costs.all();
    return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
  }

  /** Sets the named channels' costs (the others keep theirs), with a timeline event of the change. */
  async put(principal: Principal, dto: PutChannelCostsDto): Promise<ChannelCostView[]> {
    const channels = dto.costs.map((c) => c.channel);
    const repeated = channels.find((c, i) => channels.indexOf(c) !== i);
    if (repeated) {
      const message = `costs names ${repeated} twice`;
      throw new DomainError('validation_failed', message, [{ field: 'costs', message }]);
    }
    await this.unitOfWork.run(async () => {
      await this.costs.upsert(dto.costs, principal.id);
      await this.timeline.append({
        type: 'reports.channel_costs_set',
        actor: `user:${principal.id}`,
        data: { costs: dto.costs.map((c) => ({ ...c })) },
      });
    });
    this.logger.log({ msg: 'channel costs set', by: principal.id, channels });
    return this.list();
  }
}
