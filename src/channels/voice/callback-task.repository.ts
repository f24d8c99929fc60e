import type { AccessScope, CallbackTaskGrant } from '../../auth/domain/access-policy';
import { Injectable } from '@nestjs/common';
import type { Language } from '../../contacts/contact.types';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import type { CallbackReason, CallbackTaskStatus } from './callback-task.entity';
import type { MissedCallReason } from './missed-call';

/** A callback_task row, camelCased. */
export interface CallbackTaskRecord {
  id: string;
  contactId: string;
  personId: string | null;
  phone: string;
  reason: CallbackReason;
  /** When to call back; null for a missed call (as soon as possible). */
  dueAt: Date | null;
  status: CallbackTaskStatus;
  language: Language;
  assignedAgentId: string | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewCallbackTask {
  contactId: string;
  personId: string | null;
  phone: string;
  reason: MissedCallReason;
  language: Language;
}

export interface NewScheduledCallback {
  contactId: string;
  personId: string | null;
  /** E.164. */
  phone: string;
  language: Language;
  assignedAgentId: string;
  note: string | null;
  dueAt: Date;
}

export interface CallbackTaskPatch {
  status?: CallbackTaskStatus;
  assignedAgentId?: string | null;
  note?: string;
}

const COLUMNS = `id, contact_id AS "contactId", person_id AS "personId", phone, reason, due_at AS "dueAt", status, language,
  assigned_agent_id AS "assignedAgentId", note, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The SQL of each callback-task grant of the access policy (src/auth/domain/access-policy.ts). */
const CALLBACK_TASK_CLAUSES: Readonly<Record<CallbackTaskGrant, (u: () => string) => string>> = {
  unassigned: () => 'assigned_agent_id IS NULL',
  assigned: (u) => `assigned_agent_id = ${u()}`,
};

function callbackTaskScopeSql(scope: AccessScope, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  if (scope.callbackTasks.length === 0) return 'FALSE';
  // The caller's id is bound once, and only when a clause uses it (an unused parameter has no type).
  let bound: string | null = null;
  const u = () => (bound ??= `$${params.push(scope.userId)}::uuid`);
  return `(${scope.callbackTasks.map((g) => CALLBACK_TASK_CLAUSES[g](u)).join(' OR ')})`;
}

/** The callback_task table: missed calls to return, one per call (contact). */
@Injectable()
export class CallbackTaskRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Creates the call's task unless it has one; returns the new task's id, or null. */
  async createOnce(task: NewCallbackTask): Promise<string | null> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO callback_task (contact_id, person_id, phone, reason, language)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (contact_id) WHERE reason <> 'scheduled' DO NOTHING RETURNING id`,
      [task.contactId, task.personId, task.phone, task.reason, task.language],
    );
    return rows[0] ? String(rows[0].id) : null;
  }

  /**
   * Schedules a callback an agent promised at wrap-up (reason `scheduled`, due at `dueAt`, assigned
   * to that agent); any number per contact. Returns the task's id.
   */
  async createScheduled(task: NewScheduledCallback): Promise<string> {
    const [row] = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO callback_task (contact_id, person_id, phone, reason, language, assigned_agent_id, note, due_at)
       VALUES ($1, $2, $3, 'scheduled', $4, $5, $6, $7) RETURNING id`,
      [task.contactId, task.personId, task.phone, task.language, task.assignedAgentId, task.note, task.dueAt],
    );
    return String(row.id);
  }

  /** Cancels the call's open `abandoned` task with a note; returns its id, or null if none was open. */
  async cancelOpenAbandoned(contactId: string, note: string): Promise<string | null> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      // As a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of rows.
      `WITH cancelled AS (
         UPDATE callback_task SET status = 'cancelled', note = $2, updated_at = now()
          WHERE contact_id = $1 AND status = 'open' AND reason = 'abandoned' RETURNING id
       ) SELECT id FROM cancelled`,
      [contactId, note],
    );
    return rows[0] ? String(rows[0].id) : null;
  }

  /**
   * The caller's tasks (access policy, in SQL) by due time, overdue first: a scheduled callback is
   * due at its time, a missed call from when it was missed (as soon as possible), so the customer
   * who has waited longest past their time is called back first.
   */
  async list(
    filter: {
      status: CallbackTaskStatus;
      assignedAgentId?: string;
      limit: number;
    },
    scope: AccessScope,
  ): Promise<CallbackTaskRecord[]> {
    const params: unknown[] = [filter.status];
    const byAgent = filter.assignedAgentId ? ` AND assigned_agent_id = $${params.push(filter.assignedAgentId)}` : '';
    const visible = scope.all ? '' : ` AND ${callbackTaskScopeSql(scope, params)}`;
    return this.db.manager.query<CallbackTaskRecord[]>(
      `SELECT ${COLUMNS} FROM callback_task WHERE status = $1${byAgent}${visible}
        ORDER BY COALESCE(due_at, created_at), id LIMIT $${params.push(filter.limit)}`,
      params,
    );
  }

  async find(id: string): Promise<CallbackTaskRecord | null> {
    const [row] = await this.db.manager.query<CallbackTaskRecord[]>(
      `SELECT ${COLUMNS} FROM callback_task WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async lockForUpdate(id: string): Promise<CallbackTaskRecord | null> {
    const [row] = await this.db.manager.query<CallbackTaskRecord[]>(
      `SELECT ${COLUMNS} FROM callback_task WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async update(id: string, patch: CallbackTaskPatch): Promise<void> {
    const params: unknown[] = [id];
    const sets = ['updated_at = now()'];
    if (patch.status !== undefined) sets.push(`status = $${params.push(patch.status)}`);
    if (patch.assignedAgentId !== undefined) sets.push(`assigned_agent_id = $${params.push(patch.assignedAgentId)}`);
    if (patch.note !== undefined) sets.push(`note = $${params.push(patch.note)}`);
    await this.db.manager.query(`UPDATE callback_task SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /** Whether a task may be given to this user: an active one (the column's foreign key names app_user). */
  async isAssignableAgent(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(`SELECT 1 FROM app_user WHERE id = $1 AND active`, [userId]);
    return rows.length > 0;
  }

  /** Moves one person's tasks to another (the identity merge). */
  async reassignPerson(fromPersonId: string, toPersonId: string): Promise<void> {
    await this.db.manager.query(`UPDATE callback_task SET person_id = $2 WHERE person_id = $1`, [
      fromPersonId,
      toPersonId,
    ]);
  }
}
