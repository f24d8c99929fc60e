// The supervisor's page: queues, waits against the SLA, contacts by channel and status, agents,
// and alerts (SLA breaches, escalated handoffs, leads nobody could take) as they happen.
// The server pushes `supervisor:overview` on the socket when something changes; GET
// /supervisor/overview is read once when the page opens and polled only while the socket is down.

import { api } from './api.js';
import { byId, h, replace } from './dom.js';
import { CHANNEL_LABELS, STATUS_LABELS, errorText, formatDuration, formatTime, label, lookup } from './format.js';
import { CONTACT_STATUSES } from './protocol.mjs';

/** @import { Child, SupervisorOverview } from './types.js' */
/** @import { Presence } from './protocol.mjs' */

/**
 * A table cell with a tone (a class): `good`, `bad`, `muted`, `presence-away`, ...
 * @typedef {{ text: string | number, tone: string }} Cell
 */

/** @typedef {{ kind: string, text: string, at: string }} Alert */

const REFRESH_MS = 5000;
/** @type {Readonly<Record<Presence, string>>} */
const PRESENCE_LABELS = { available: 'Available', away: 'Away', offline: 'Offline' };
const MAX_ALERTS = 20;

export class SupervisorPage {
  constructor() {
    this.root = byId('supervisor-view');
    this.body = byId('supervisor-body');
    this.updated = byId('supervisor-updated');
    /** @type {ReturnType<typeof setInterval> | null} */
    this.timer = null;
    this.shown = false;
    this.live = false;
    /** @type {SupervisorOverview | null} */
    this.latest = null;
    /**
     * Newest first: { kind, text, at }.
     * @type {Alert[]}
     */
    this.alerts = [];
  }

  start() {
    if (this.shown) return;
    this.shown = true;
    void this.refresh();
    this.schedule();
  }

  stop() {
    this.shown = false;
    this.schedule();
  }

  /** Signing out: nothing of the last user stays. */
  reset() {
    this.stop();
    this.latest = null;
    this.alerts = [];
  }

  /**
   * The socket is up (pushes arrive) or down (fall back to polling while the page is shown).
   * @param {boolean} live
   */
  setLive(live) {
    this.live = live;
    this.schedule();
  }

  schedule() {
    const poll = this.shown && !this.live;
    if (poll && !this.timer) this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    if (!poll && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /**
   * A `supervisor:overview` push.
   * @param {SupervisorOverview | null | undefined} overview
   */
  push(overview) {
    if (!overview || !Array.isArray(overview.waiting)) return;
    this.show(overview, 'live');
  }

  /**
   * An SLA breach, escalation or unassigned lead, listed at the top of the page.
   * @param {string} kind
   * @param {string | null | undefined} text
   * @param {string} at
   */
  alert(kind, text, at) {
    this.alerts.unshift({ kind, text: String(text ?? ''), at });
    this.alerts.length = Math.min(this.alerts.length, MAX_ALERTS);
    if (this.shown && this.latest) this.render(this.latest);
  }

  async refresh() {
    try {
      const overview = /** @type {SupervisorOverview} */ (await api('/supervisor/overview'));
      this.show(overview, this.live ? 'live' : `every ${REFRESH_MS / 1000} s`);
    } catch (error) {
      this.updated.textContent = `Not updated: ${errorText(error)}`;
    }
  }

  /**
   * @param {SupervisorOverview} overview
   * @param {string} how `live`, or how often it is polled
   */
  show(overview, how) {
    // A slow poll answer must not replace a newer push.
    if (this.latest && overview.generatedAt < this.latest.generatedAt) return;
    this.latest = overview;
    if (!this.shown) return;
    this.render(overview);
    this.updated.textContent = `Updated ${formatTime(overview.generatedAt)} · ${how}`;
    this.updated.dataset.mode = how === 'live' ? 'live' : 'poll';
  }

  /** @param {SupervisorOverview} o */
  render(o) {
    const waiting = o.waiting.reduce((n, w) => n + w.count, 0);
    const overSla = o.waiting.reduce((n, w) => n + w.overSla, 0);
    const oldest = Math.max(-1, ...o.waiting.map((w) => w.oldestWaitSeconds ?? -1));
    const available = o.agents.filter(
      (a) => a.active && a.presence === 'available' && a.roles.includes('agent'),
    ).length;
    const agents = o.agents.filter((a) => a.active && a.roles.includes('agent')).length;
    replace(
      this.body,
      this.alerts.length === 0
        ? null
        : card(
            'Alerts',
            h(
              'ol',
              { class: 'alerts', id: 'supervisor-alerts' },
              this.alerts.map((a) =>
                h(
                  'li',
                  { class: 'alert' },
                  h('span', { class: 'badge warn', text: a.kind }),
                  ' ',
                  h('span', { class: 'muted small', text: a.at ? formatTime(a.at) : '' }),
                  ' ',
                  h('span', { text: a.text }),
                ),
              ),
            ),
            'wide',
          ),
      h(
        'div',
        { class: 'kpis' },
        kpi('Waiting for an agent', waiting),
        kpi(`Over the ${formatDuration(o.slaSeconds)} SLA`, overSla, overSla > 0 ? 'bad' : 'good'),
        kpi('Longest wait', oldest < 0 ? '—' : formatDuration(oldest), oldest > o.slaSeconds ? 'bad' : ''),
        kpi('Assigned, not yet qualified', o.contacts.byStatus.assigned),
        kpi('Qualified (24 h)', o.contacts.byStatus.qualified),
        kpi('Agents available', `${available} / ${agents}`, available === 0 && waiting > 0 ? 'bad' : ''),
        kpi('Field handoffs open', o.handoffs.open),
        kpi('Handoffs past SLA', o.handoffs.overdue, o.handoffs.overdue > 0 ? 'bad' : 'good'),
      ),
      h(
        'div',
        { class: 'supervisor-grid' },
        card(
          'Waiting by channel',
          table(
            ['Channel', 'Waiting', 'Over SLA', 'Longest wait'],
            o.waiting.map((w) => [
              label(CHANNEL_LABELS, w.channel),
              w.count,
              cell(w.overSla, w.overSla > 0 ? 'bad' : ''),
              formatDuration(w.oldestWaitSeconds),
            ]),
          ),
        ),
        card(
          'Queues',
          table(
            ['Queue', 'Waiting', 'Active', 'Delayed', 'Failed'],
            o.queues.map((q) => [
              q.name,
              q.waiting + q.prioritized,
              q.active,
              q.delayed,
              cell(q.failed, q.failed > 0 ? 'bad' : ''),
            ]),
          ),
        ),
        card(
          `Contacts by channel (open, and the last ${o.windowHours} h)`,
          table(
            ['Channel', ...CONTACT_STATUSES.map((s) => label(STATUS_LABELS, s))],
            Object.entries(o.contacts.byChannel).map(([channel, counts]) => [
              label(CHANNEL_LABELS, channel),
              ...CONTACT_STATUSES.map((s) => counts[s] ?? 0),
            ]),
          ),
          'wide',
        ),
        card(
          'Agents and deal specialists',
          o.agents.length === 0
            ? h('p', { class: 'muted', text: 'No agents yet: an admin adds them with POST /users.' })
            : table(
                ['Name', 'Presence', 'Since', 'Roles', 'Working', 'Offers', 'Handoffs', 'Account'],
                o.agents.map((a) => [
                  a.name,
                  cell(lookup(PRESENCE_LABELS, a.presence) ?? a.presence, `presence-${a.presence}`),
                  a.presenceChangedAt ? formatTime(a.presenceChangedAt) : '—',
                  a.roles.join(', '),
                  a.openAssignments,
                  a.pendingOffers,
                  a.openHandoffs,
                  cell(a.active ? 'active' : 'disabled', a.active ? 'good' : 'muted'),
                ]),
              ),
          'wide',
        ),
      ),
    );
  }
}

/**
 * @param {string} name
 * @param {string | number} value
 * @param {string} [tone]
 */
function kpi(name, value, tone = '') {
  return h(
    'div',
    { class: `kpi ${tone}` },
    h('span', { class: 'kpi-value', text: value }),
    h('span', { class: 'kpi-name', text: name }),
  );
}

/**
 * @param {string} title
 * @param {Child} content
 * @param {string} [size]
 */
function card(title, content, size = '') {
  return h('section', { class: `panel ${size}` }, h('h2', { text: title }), content);
}

/**
 * @param {string | number} text
 * @param {string} tone
 * @returns {Cell}
 */
function cell(text, tone) {
  return { text, tone };
}

/**
 * @param {string[]} headers
 * @param {(string | number | Cell)[][]} rows
 */
function table(headers, rows) {
  return h(
    'table',
    { class: 'data' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((text) => h('th', { text })),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          row.map((value) =>
            value && typeof value === 'object'
              ? h('td', { class: `${value.tone} ${typeof value.text === 'number' ? 'num' : ''}`, text: value.text })
              : h('td', { class: typeof value === 'number' ? 'num' : '', text: value }),
          ),
        ),
      ),
    ),
  );
}
