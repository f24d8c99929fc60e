import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { BackofficeTaskKind, BackofficeTaskStatus } from './domain/paperwork';
import type { MailRecipient } from './team-invitation.repository';

export interface BackofficeOrderInput {
  source: 'won_lead' | 'e_sales_order';
  leadId: string | null;
  contactId: string;
  productLine: string | null;
  quantity: number | null;
  amount: number | null;
  placedBy: string;
  summary: string;
}

export interface BackofficeTask {
  id: string;
  orderId: string;
  kind: BackofficeTaskKind;
  status: BackofficeTaskStatus;
  assigneeId: string | null;
  note: string | null;
  dueAt: Date;
  doneAt: Date | null;
  overdueAlertedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** From the order. */
  source: 'won_lead' | 'e_sales_order';
  leadId: string | null;
  contactId: string;
  productLine: string | null;
  quantity: number | null;
  amount: number | null;
  summary: string;
}

interface TaskRow {
  id: string;
  order_id: string;
  kind: BackofficeTaskKind;
  status: BackofficeTaskStatus;
  assignee_id: string | null;
  note: string | null;
  due_at: Date;
  done_at: Date | null;
  overdue_alerted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  source: 'won_lead' | 'e_sales_order';
  lead_id: string | null;
  contact_id: string;
  product_line: string | null;
  quantity: number | null;
  amount: string | null;
  summary: string;
}

const SELECT = `SELECT t.*, o.source, o.lead_id, o.contact_id, o.product_line, o.quantity, o.amount, o.summary
  FROM backoffice_task t JOIN backoffice_order o ON o.id = t.order_id`;

/** Orders and their back-office tasks (`backoffice_order`, `backoffice_task`). */
@Injectable()
export class BackofficeTaskRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** The order; null when the lead already has one (a won lead makes its paperwork once). */
  async createOrder(o: BackofficeOrderInput): Promise<string | null> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO backoffice_order (source, lead_id, contact_id, product_line, quantity, amount, placed_by, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (lead_id) DO NOTHING RETURNING id`,
      [o.source, o.leadId, o.contactId, o.productLine, o.quantity, o.amount, o.placedBy, o.summary],
    );
    return rows[0]?.id ?? null;
  }

  async createTasks(
    orderId: string,
    tasks: { kind: BackofficeTaskKind; dueAt: Date }[],
    at: Date,
  ): Promise<BackofficeTask[]> {
    const params: unknown[] = [orderId, at];
    const values = tasks.map((t) => `($1, $${params.push(t.kind)}, $${params.push(t.dueAt)}, $2, $2)`);
    const rows = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO backoffice_task (order_id, kind, due_at, created_at, updated_at) VALUES ${values.join(', ')} RETURNING id`,
      params,
    );
    const created: BackofficeTask[] = [];
    for (const r of rows) {
      const task = await this.findById(r.id);
      if (task) created.push(task);
    }
    return created;
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<BackofficeTask | null> {
    const [row] = await this.db.manager.query<TaskRow[]>(
      `${SELECT} WHERE t.id = $1${options.lock ? ' FOR UPDATE OF t' : ''}`,
      [id],
    );
    return row ? toTask(row) : null;
  }

  /** The shared worklist: soonest due first. */
  async list(filter: {
    status?: BackofficeTaskStatus;
    kind?: BackofficeTaskKind;
    leadId?: string;
    limit: number;
  }): Promise<BackofficeTask[]> {
    const where = ['TRUE'];
    const params: unknown[] = [];
    if (filter.status) where.push(`t.status = $${params.push(filter.status)}`);
    if (filter.kind) where.push(`t.kind = $${params.push(filter.kind)}`);
    if (filter.leadId) where.push(`o.lead_id = $${params.push(filter.leadId)}::uuid`);
    const rows = await this.db.manager.query<TaskRow[]>(
      `${SELECT} WHERE ${where.join(' AND ')} ORDER BY t.due_at, t.id LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows.map(toTask);
  }

  /**
   * Applies a status change when the task is still at `from` (a lost race answers false);
   * `assigneeId`/`note` undefined keep their value. Null when `assigneeId` names no user.
   */
  async update(
    id: string,
    from: BackofficeTaskStatus,
    patch: { status: BackofficeTaskStatus; assigneeId?: string; note?: string; at: Date },
  ): Promise<boolean | null> {
    try {
      const [rows] = await this.db.manager.transaction((tx) =>
        tx.query<[{ id: string }[], number]>(
          `UPDATE backoffice_task SET status = $3::varchar,
                  assignee_id = CASE WHEN $4::boolean THEN $5::uuid ELSE assignee_id END,
                  note = CASE WHEN $6::boolean THEN $7::text ELSE note END,
                  done_at = CASE WHEN $3::varchar = 'done' THEN $8::timestamptz ELSE done_at END,
                  updated_at = $8::timestamptz
            WHERE id = $1 AND status = $2::varchar RETURNING id`,
          [
            id,
            from,
            patch.status,
            patch.assigneeId !== undefined,
            patch.assigneeId ?? null,
            patch.note !== undefined,
            patch.note ?? null,
            patch.at,
          ],
        ),
      );
      return rows.length > 0;
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23503') return null;
      throw error;
    }
  }

  /** Marks the overdue alert sent, once: false when done meanwhile or already alerted. */
  async markOverdueAlerted(id: string, at: Date): Promise<boolean> {
    const [rows] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE backoffice_task SET overdue_alerted_at = $2
        WHERE id = $1 AND status <> 'done' AND overdue_alerted_at IS NULL AND due_at <= $2 RETURNING id`,
      [id, at],
    );
    return rows.length > 0;
  }

  /** Active supervisors (not admins, who hold every role but run the system) as mail recipients. */
  async supervisorRecipients(): Promise<MailRecipient[]> {
    return this.db.manager.query<MailRecipient[]>(
      `SELECT name, email FROM app_user WHERE active AND 'supervisor' = ANY(roles) ORDER BY id`,
    );
  }
}

function toTask(r: TaskRow): BackofficeTask {
  return {
    id: r.id,
    orderId: r.order_id,
    kind: r.kind,
    status: r.status,
    assigneeId: r.assignee_id,
    note: r.note,
    dueAt: new Date(r.due_at),
    doneAt: r.done_at ? new Date(r.done_at) : null,
    overdueAlertedAt: r.overdue_alerted_at ? new Date(r.overdue_alerted_at) : null,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    source: r.source,
    leadId: r.lead_id,
    contactId: r.contact_id,
    productLine: r.product_line,
    quantity: r.quantity,
    amount: r.amount === null ? null : Number(r.amount),
    summary: r.summary,
  };
}
