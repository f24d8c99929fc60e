import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { canAssignCallbackTask, canSeeCallbackTask, scopeOf } from '../auth/domain/access-policy';
import { DomainError, notFound } from '../common/domain-error';
import {
  CallbackTaskPatch,
  CallbackTaskRecord,
  CallbackTaskRepository,
} from '../channels/voice/callback-task.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { TimelineRepository } from '../timeline/timeline.repository';
import type { CallbackTaskView, ListCallbackTasksQuery, UpdateCallbackTaskDto } from './callback-task.dto';

const view = (t: CallbackTaskRecord): CallbackTaskView => ({
  id: t.id,
  contactId: t.contactId,
  personId: t.personId,
  phone: t.phone,
  reason: t.reason,
  dueAt: t.dueAt,
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
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tasks: CallbackTaskRepository,
    private readonly timeline: TimelineRepository,
  ) {}

  /**
   * The caller's tasks by due time, overdue first (a missed call is due when it was missed).
   * An agent sees the unassigned ones and their own; supervisors and admins all.
   */
  async list(query: ListCallbackTasksQuery, viewer: Principal): Promise<CallbackTaskView[]> {
    const rows = await this.tasks.list(
      {
        status: query.status ?? 'open',
        ...(query.assignedAgentId ? { assignedAgentId: query.assignedAgentId } : {}),
        limit: query.limit ?? 50,
      },
      scopeOf(viewer),
    );
    return rows.map(view);
  }

  update(id: string, dto: UpdateCallbackTaskDto, by: Principal): Promise<CallbackTaskView> {
    return this.unitOfWork.run(async () => {
      const scope = scopeOf(by);
      const task = await this.tasks.lockForUpdate(id);
      // Another agent's task answers as a missing one: ids do not leak.
      if (!task || !canSeeCallbackTask(scope, task)) throw notFound('callback task', id);
      if (dto.assignedAgentId && !(await this.tasks.isAssignableAgent(dto.assignedAgentId))) {
        throw new DomainError('validation_failed', 'assignedAgentId names no active user', [
          { field: 'assignedAgentId', message: 'names no active user' },
        ]);
      }
      if (dto.assignedAgentId !== undefined && !canAssignCallbackTask(scope, dto.assignedAgentId)) {
        throw new DomainError('forbidden', 'an agent takes callback tasks for themselves only', [
          { field: 'assignedAgentId', message: 'must be your own id or null' },
        ]);
      }
      const patch: CallbackTaskPatch = {};
      if (dto.status !== undefined) patch.status = dto.status;
      if (dto.assignedAgentId !== undefined) patch.assignedAgentId = dto.assignedAgentId;
      if (dto.note !== undefined) patch.note = dto.note;
      if (Object.keys(patch).length === 0) return view(task);
      await this.tasks.update(id, patch);
      await this.timeline.append({
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
      const updated = await this.tasks.find(id);
      if (!updated) throw notFound('callback task', id);
      return view(updated);
    });
  }
}
