// The callback panel: the agent's open callback tasks (theirs and the unassigned ones), by due
// time with the overdue ones first and highlighted, each with a click-to-call button that starts
// the softphone call with { callbackTaskId } (the server dials only a task the agent may take).

import { api } from './api.js';
import { byId, h, replace, toast } from './dom.js';
import { errorText, formatDateTime } from './format.js';

/** @import { CallbackTask } from './types.js' */

/** How often the list is read again, so a task falling due turns overdue on screen. */
const REFRESH_MS = 60_000;

const REASONS = /** @type {Record<string, string>} */ ({
  'no-answer': 'Missed call (no answer)',
  busy: 'Missed call (busy)',
  failed: 'Missed call (failed)',
  canceled: 'Missed call (hung up)',
  abandoned: 'Hung up while waiting',
  scheduled: 'Scheduled callback',
});

export class CallbacksPanel {
  /**
   * @param {{
   *   call: (task: CallbackTask) => Promise<boolean>,
   *   open: (contactId: string) => void,
   *   now?: () => number,
   * }} actions
   */
  constructor(actions) {
    this.actions = actions;
    this.list = byId('callbacks');
    this.empty = byId('callbacks-empty');
    this.count = byId('callback-count');
    /** @type {ReturnType<typeof setInterval> | null} */
    this.timer = null;
    byId('callbacks-refresh').addEventListener('click', () => void this.load());
  }

  start() {
    void this.load();
    this.timer ??= setInterval(() => void this.load(), REFRESH_MS);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    replace(this.list);
  }

  async load() {
    try {
      const tasks = /** @type {CallbackTask[]} */ (await api('/callback-tasks?status=open&limit=50'));
      this.render(tasks);
    } catch (error) {
      replace(this.list, h('li', { class: 'form-error', text: `Cannot load callbacks: ${errorText(error)}` }));
    }
  }

  /** @param {CallbackTask[]} tasks */
  render(tasks) {
    const now = (this.actions.now ?? Date.now)();
    this.count.textContent = String(tasks.length);
    this.empty.hidden = tasks.length > 0;
    replace(this.list, ...tasks.map((task) => this.item(task, now)));
  }

  /**
   * @param {CallbackTask} task
   * @param {number} now
   */
  item(task, now) {
    const due = new Date(task.dueAt ?? task.createdAt);
    const overdue = due.getTime() <= now;
    const when = task.dueAt
      ? `${overdue ? 'Overdue since' : 'Due'} ${formatDateTime(due)}`
      : `As soon as possible (since ${formatDateTime(due)})`;
    const button = h('button', { type: 'button', class: 'primary small-button', text: 'Call' });
    button.addEventListener('click', () => {
      button.disabled = true;
      void this.actions
        .call(task)
        .catch((error) => toast(`Call failed: ${errorText(error)}`, 'error'))
        .finally(() => (button.disabled = false));
    });
    return h(
      'li',
      { class: `callback${overdue ? ' overdue' : ''}`, dataset: { taskId: task.id } },
      h(
        'div',
        { class: 'callback-text' },
        h('strong', { class: 'callback-phone', text: task.phone }),
        h('span', { class: 'callback-due', text: when }),
        h('span', { class: 'muted small', text: REASONS[task.reason] ?? task.reason }),
        task.note ? h('span', { class: 'muted small', text: task.note }) : null,
      ),
      h(
        'div',
        { class: 'callback-actions' },
        button,
        h('button', {
          type: 'button',
          class: 'secondary small-button',
          text: 'Open',
          onclick: () => this.actions.open(task.contactId),
        }),
      ),
    );
  }
}
