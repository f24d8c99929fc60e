// The back office's worklist (DESIGN.md: contracts, order entry and billing go to centralized
// administrative staff, so sellers get their selling time back): the open and started paperwork
// tasks by due time, overdue ones first and marked, each with Start (PATCH status in_progress,
// taken by the signed-in user) and Done with a note asked in a dialog. Only `backoffice` staff and
// supervisors see it; sellers never do (the API answers them 403 as well).

import { api } from './api.js';
import { askInDialog, showLoadError } from './deal-dialog.js';
import { byId, h, replace, toast } from './dom.js';
import { errorText, formatDateTime } from './format.js';
import { formatAmount } from './pipeline-board.js';

/**
 * The JSON of GET /backoffice/tasks.
 * @typedef {{
 *   id: string, orderId: string, kind: string, status: 'open' | 'in_progress' | 'done', assigneeId: string | null,
 *   note: string | null, dueAt: string, overdue: boolean, doneAt: string | null, source: string,
 *   leadId: string | null, contactId: string, productLine: string | null, quantity: number | null,
 *   amount: number | null, summary: string, createdAt: string,
 * }} BackofficeTask
 */

const KIND_LABELS = /** @type {Record<string, string>} */ ({
  contract: 'Contract',
  order_entry: 'Order entry',
  billing: 'Billing',
});
const SOURCE_LABELS = /** @type {Record<string, string>} */ ({
  won_lead: 'won field deal',
  e_sales_order: 'e-Sales order',
});

/** How often the list is read again, so a task falling due turns overdue on screen. */
const REFRESH_MS = 60_000;

export class BackofficeWorklist {
  constructor() {
    this.list = byId('backoffice-tasks');
    this.empty = byId('backoffice-empty');
    this.count = byId('backoffice-count');
    /** @type {string | null} */
    this.selfId = null;
    /** @type {ReturnType<typeof setInterval> | null} */
    this.timer = null;
    byId('backoffice-refresh').addEventListener('click', () => void this.load());
  }

  /** @param {string} selfId */
  start(selfId) {
    this.selfId = selfId;
    void this.load();
    this.timer ??= setInterval(() => void this.load(), REFRESH_MS);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.selfId = null;
    replace(this.list);
  }

  async load() {
    try {
      const [open, started] = await Promise.all([
        /** @type {Promise<BackofficeTask[]>} */ (api('/backoffice/tasks?status=open')),
        /** @type {Promise<BackofficeTask[]>} */ (api('/backoffice/tasks?status=in_progress')),
      ]);
      const tasks = [...open, ...started].sort(
        (a, b) => Number(b.overdue) - Number(a.overdue) || Date.parse(a.dueAt) - Date.parse(b.dueAt),
      );
      this.count.textContent = String(tasks.length);
      this.empty.hidden = tasks.length > 0;
      replace(this.list, ...tasks.map((task) => this.item(task)));
    } catch (error) {
      showLoadError(this.list, 'the paperwork', error);
    }
  }

  /** @param {BackofficeTask} task */
  item(task) {
    const due = `${task.overdue ? 'Overdue since' : 'Due'} ${formatDateTime(task.dueAt)}`;
    const what = [
      SOURCE_LABELS[task.source] ?? task.source,
      task.productLine,
      task.quantity ? `× ${task.quantity}` : null,
      task.amount === null ? null : formatAmount(task.amount),
    ]
      .filter(Boolean)
      .join(' · ');
    return h(
      'li',
      {
        class: `backoffice-task${task.overdue ? ' overdue' : ''}`,
        dataset: { taskId: task.id, kind: task.kind, status: task.status },
      },
      h(
        'div',
        { class: 'backoffice-text' },
        h('strong', { text: `${KIND_LABELS[task.kind] ?? task.kind}: ${task.summary}` }),
        h('span', { class: 'backoffice-due', text: due }),
        h('span', { class: 'muted small', text: what }),
        task.status === 'in_progress' ? h('span', { class: 'badge', text: 'In progress' }) : null,
      ),
      h(
        'div',
        { class: 'backoffice-actions' },
        task.status === 'open'
          ? h('button', {
              type: 'button',
              class: 'secondary small-button start',
              text: 'Start',
              onclick: () => void this.take(task),
            })
          : null,
        h('button', {
          type: 'button',
          class: 'primary small-button done',
          text: 'Done',
          onclick: () => void this.done(task),
        }),
      ),
    );
  }

  /** Takes the task: in progress, assigned to the signed-in user. @param {BackofficeTask} task */
  async take(task) {
    try {
      await api(`/backoffice/tasks/${encodeURIComponent(task.id)}`, {
        method: 'PATCH',
        body: { status: 'in_progress', ...(this.selfId ? { assigneeId: this.selfId } : {}) },
      });
      await this.load();
    } catch (error) {
      toast(`Not started: ${errorText(error)}`, 'error');
    }
  }

  /** @param {BackofficeTask} task */
  async done(task) {
    const finished = await askInDialog({
      title: `${KIND_LABELS[task.kind] ?? task.kind} done`,
      intro: task.summary,
      fields: [
        { name: 'note', label: 'Note', type: 'textarea', maxLength: 2000, placeholder: 'e.g. signed copy filed' },
      ],
      confirm: 'Mark done',
      submit: (values) =>
        api(`/backoffice/tasks/${encodeURIComponent(task.id)}`, {
          method: 'PATCH',
          body: { status: 'done', ...(values.note ? { note: values.note } : {}) },
        }),
    });
    if (finished) {
      toast('Task done', 'info');
      await this.load();
    }
  }
}
