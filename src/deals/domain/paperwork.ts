/**
 * The back office's paperwork (DESIGN.md idea 4: contracts, order entry and billing go to
 * centralized administrative staff, so sellers get their selling time back). Pure.
 */

export const BACKOFFICE_TASK_KINDS = ['contract', 'order_entry', 'billing'] as const;
export type BackofficeTaskKind = (typeof BACKOFFICE_TASK_KINDS)[number];

export const BACKOFFICE_TASK_STATUSES = ['open', 'in_progress', 'done'] as const;
export type BackofficeTaskStatus = (typeof BACKOFFICE_TASK_STATUSES)[number];

export type PaperworkSlas = Record<BackofficeTaskKind, number>;

/** Hours each task may take from the sale: order entry first, then billing, the contract last. */
export const DEFAULT_PAPERWORK_SLA_HOURS: Readonly<PaperworkSlas> = Object.freeze({
  contract: 72,
  order_entry: 24,
  billing: 48,
});

const HOUR_MS = 60 * 60 * 1000;

/** The three tasks of a sale made at `soldAt`, each with its due time. */
export function paperworkFor(
  soldAt: Date,
  slas: Partial<PaperworkSlas> = {},
  /** How an SLA is added to the sale: wall-clock by default, business time in the service. */
  addTime: (from: Date, ms: number) => Date = (from, ms) => new Date(from.getTime() + ms),
): { kind: BackofficeTaskKind; dueAt: Date }[] {
  return BACKOFFICE_TASK_KINDS.map((kind) => ({
    kind,
    dueAt: addTime(soldAt, (slas[kind] ?? DEFAULT_PAPERWORK_SLA_HOURS[kind]) * HOUR_MS),
  }));
}

/**
 * Open -> in progress -> done, or straight to done; an in-progress task may be re-assigned
 * (in progress again); done is final.
 */
export function canMoveTask(from: BackofficeTaskStatus, to: BackofficeTaskStatus): boolean {
  // Nothing leaves done, and nothing goes back to open.
  return from !== 'done' && to !== 'open';
}

/** Overdue: past its due time and not done. */
export function isOverdue(task: { status: BackofficeTaskStatus; dueAt: Date }, now: Date): boolean {
  return task.status !== 'done' && now.getTime() >= task.dueAt.getTime();
}
