import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/auth.types';
import { DomainError, notFound } from '../common/domain-error';
import { CallbackTask } from '../channels/voice/callback-task.entity';
import { appendTimeline } from '../timeline/timeline';
import { User } from '../users/user.entity';
import type { CallbackTaskView, ListCallbackTasksQuery, UpdateCallbackTaskDto } from './callback-task.dto';

const view = (t: CallbackTask): CallbackTaskView => ({
  id: t.id,
  contactId: t.contactId,
  personId: t.personId,
  phone: t.phone,
  reason: t.reason,
  status: t.status,
  language: t.language,
  assignedAgentId: t.assignedAgentId,
  note: t.note,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/** Missed calls to return: the work list the voice channel fills and agents empty. */
@Injectable()
export class CallbackTasksService {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first: the customer who has waited longest is called back first. */
  async list(query: ListCallbackTasksQuery): Promise<CallbackTaskView[]> {
    const rows = await this.dataSource.getRepository(CallbackTask).find({
      where: {
        status: query.status ?? 'open',
        ...(query.assignedAgentId ? { assignedAgentId: query.assignedAgentId } : {}),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: query.limit ?? 50,
    });
    return rows.map(view);
  }

  async update(id: string, dto: UpdateCallbackTaskDto, by: Principal): Promise<CallbackTaskView> {
    return this.dataSource.transaction(async (manager) => {
      const tasks = manager.getRepository(CallbackTask);
      const task = await tasks
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id = :id', { id })
        .getOne();
      if (!task) throw notFound('callback task', id);
      if (
        dto.assignedAgentId &&
        !(await manager.getRepository(User).existsBy({ id: dto.assignedAgentId, active: true }))
      ) {
        throw new DomainError('validation_failed', 'assignedAgentId names no active user', [
          { field: 'assignedAgentId', message: 'names no active user' },
        ]);
      }
      const patch: Partial<CallbackTask> = {};
      if (dto.status !== undefined) patch.status = dto.status;
      if (dto.assignedAgentId !== undefined) patch.assignedAgentId = dto.assignedAgentId;
      if (dto.note !== undefined) patch.note = dto.note;
      if (Object.keys(patch).length === 0) return view(task);
      await tasks.update({ id }, patch);
      await appendTimeline(manager, {
        type: 'callback.task_updated',
        actor: `user:${by.id}`,
        contactId: task.contactId,
        personId: task.personId,
        data: {
          taskId: id,
          ...(dto.status !== undefined ? { from: task.status, to: dto.status } : {}),
          ...(dto.assignedAgentId !== undefined ? { assignedAgentId: dto.assignedAgentId } : {}),
          ...(dto.note !== undefined ? { note: dto.note } : {}),
        },
      });
      return view(await tasks.findOneByOrFail({ id }));
    });
  }
}
