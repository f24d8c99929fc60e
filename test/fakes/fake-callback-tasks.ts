import { AccessScope, canSeeCallbackTask } from '../../src/auth/domain/access-policy';
import type {
  CallbackTaskPatch,
  CallbackTaskRecord,
  CallbackTaskRepository,
  NewCallbackTask,
  NewScheduledCallback,
} from '../../src/channels/voice/callback-task.repository';
import type { CallbackReason, CallbackTaskStatus } from '../../src/channels/voice/callback-task.entity';
import { fakeId } from './fake-contacts';
import type { Public } from './public';

/** The callback_task table in memory; `activeUsers` are the users a task may be given to. */
export class FakeCallbackTaskRepository implements Public<CallbackTaskRepository> {
  readonly rows: CallbackTaskRecord[] = [];
  readonly activeUsers = new Set<string>();
  /** Callbacks scheduled at wrap-up (reason `scheduled`). */
  readonly scheduled: (NewScheduledCallback & { id: string })[] = [];

  add(
    task: Partial<CallbackTaskRecord> & Omit<NewCallbackTask, 'reason'> & { reason: CallbackReason },
  ): CallbackTaskRecord {
    const row: CallbackTaskRecord = {
      id: fakeId(),
      status: 'open',
      dueAt: null,
      assignedAgentId: null,
      note: null,
      createdAt: new Date(this.rows.length),
      updatedAt: new Date(this.rows.length),
      ...task,
    };
    this.rows.push(row);
    return row;
  }

  createOnce(task: NewCallbackTask): Promise<string | null> {
    if (this.rows.some((t) => t.contactId === task.contactId)) return Promise.resolve(null);
    return Promise.resolve(this.add(task).id);
  }

  createScheduled(task: NewScheduledCallback): Promise<string> {
    const id = fakeId();
    this.scheduled.push({ ...task, id });
    return Promise.resolve(id);
  }

  cancelOpenAbandoned(contactId: string, note: string): Promise<string | null> {
    const task = this.rows.find((t) => t.contactId === contactId && t.status === 'open' && t.reason === 'abandoned');
    if (!task) return Promise.resolve(null);
    Object.assign(task, { status: 'cancelled', note });
    return Promise.resolve(task.id);
  }

  list(
    filter: { status: CallbackTaskStatus; assignedAgentId?: string; limit: number },
    scope: AccessScope,
  ): Promise<CallbackTaskRecord[]> {
    return Promise.resolve(
      this.rows
        .filter((t) => t.status === filter.status)
        .filter((t) => canSeeCallbackTask(scope, t))
        .filter((t) => !filter.assignedAgentId || t.assignedAgentId === filter.assignedAgentId)
        .sort((a, b) => (a.dueAt ?? a.createdAt).getTime() - (b.dueAt ?? b.createdAt).getTime())
        .slice(0, filter.limit)
        .map((t) => ({ ...t })),
    );
  }

  find(id: string): Promise<CallbackTaskRecord | null> {
    const row = this.rows.find((t) => t.id === id);
    return Promise.resolve(row ? { ...row } : null);
  }

  lockForUpdate(id: string): Promise<CallbackTaskRecord | null> {
    return this.find(id);
  }

  update(id: string, patch: CallbackTaskPatch): Promise<void> {
    Object.assign(
      this.rows.find((t) => t.id === id)!,
      patch,
    );
    return Promise.resolve();
  }

  isAssignableAgent(userId: string): Promise<boolean> {
    return Promise.resolve(this.activeUsers.has(userId));
  }

  reassignPerson(fromPersonId: string, toPersonId: string): Promise<void> {
    for (const task of this.rows) if (task.personId === fromPersonId) task.personId = toPersonId;
    return Promise.resolve();
  }
}
