// The supervisor's campaign page: create an outbound campaign (Demand Generation seminar
// invitations, e-Coverage account calls, quote follow-ups), upload its targets as CSV (and read the
// per-row skip report), start, pause, resume or end it, and watch its progress. Progress arrives
// live as `campaign:progress` on the socket; GET /campaigns/:id is read when a campaign is opened.
// The supervisor page shows the active campaigns' progress from the same pushes (CampaignBoard).

import { api, ApiError, session } from './api.js';
import { byId, control, h, replace, toast } from './dom.js';
import { CHANNEL_LABELS, errorText, formatDateTime, label } from './format.js';

/** @import { ServerEventPayloads } from './types.js' */
/** @typedef {ServerEventPayloads['campaign:progress']} ProgressEvent */
/** @typedef {ProgressEvent['progress']} Progress */

/**
 * A campaign as GET /campaigns answers it (the console reads only these fields).
 * @typedef {{
 *   id: string, name: string, kind: string, channel: string, medium: string, status: string,
 *   script: string | null,
 *   seminar: { id: string, title: string, startsAt: string, capacity: number, registered: number } | null,
 *   callingHours: { timezone: string, from: string, to: string } | null,
 *   maxAttempts: number, createdAt: string, progress?: Progress,
 * }} Campaign
 */

/** @typedef {{ added: number, skipped: { row: number, reason: string }[] }} ImportReport */

/** @type {Readonly<Record<string, string>>} */
const KIND_LABELS = {
  seminar_invitation: 'Seminar invitation',
  account_call: 'Account call',
  quote_follow_up: 'Quote follow-up',
};
/** @type {Readonly<Record<string, string>>} */
const MEDIUM_LABELS = { voice: 'Phone calls', email: 'E-mail', sms: 'SMS' };
const TARGET_STATES = ['pending', 'offered', 'retry', 'done', 'skipped'];
/** What each status may become, and the button that does it. */
const ACTIONS = /** @type {const} */ ([
  ['draft', 'active', 'Start'],
  ['active', 'paused', 'Pause'],
  ['paused', 'active', 'Resume'],
  ['active', 'done', 'End'],
  ['paused', 'done', 'End'],
]);

export class CampaignsPage {
  constructor() {
    this.list = byId('campaign-list');
    this.detail = byId('campaign-detail');
    this.form = /** @type {HTMLFormElement} */ (byId('campaign-form'));
    /** @type {Campaign[]} */
    this.campaigns = [];
    /** @type {string | null} */
    this.selectedId = null;
    /** @type {ImportReport | null} */
    this.lastReport = null;
    this.shown = false;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.create();
    });
  }

  start() {
    this.shown = true;
    void this.refresh();
  }

  stop() {
    this.shown = false;
  }

  reset() {
    this.stop();
    this.campaigns = [];
    this.selectedId = null;
    this.lastReport = null;
    replace(this.list);
    replace(this.detail);
  }

  async refresh() {
    try {
      this.campaigns = /** @type {Campaign[]} */ (await api('/campaigns?limit=100'));
      this.renderList();
      if (this.selectedId) await this.open(this.selectedId);
    } catch (error) {
      replace(this.list, h('p', { class: 'form-error', text: `Campaigns not loaded: ${errorText(error)}` }));
    }
  }

  /**
   * A `campaign:progress` push.
   * @param {ProgressEvent} event
   */
  push(event) {
    const known = this.campaigns.find((c) => c.id === event.campaignId);
    if (!known) {
      if (this.shown) void this.refresh();
      return;
    }
    known.status = event.status;
    known.progress = event.progress;
    if (known.seminar) known.seminar.registered = event.progress.registrations;
    if (!this.shown) return;
    this.renderList();
    if (this.selectedId === event.campaignId) this.renderDetail(known);
  }

  async create() {
    const f = this.form;
    const value = (/** @type {string} */ name) => control(f, name).value.trim();
    const kind = value('kind');
    /** @type {Record<string, unknown>} */
    const body = { name: value('name'), kind, channel: value('channel'), medium: value('medium') };
    if (value('script')) body.script = value('script');
    if (value('seminarTitle') || kind === 'seminar_invitation') {
      const startsAt = value('seminarStartsAt');
      body.seminar = {
        title: value('seminarTitle'),
        startsAt: startsAt ? new Date(startsAt).toISOString() : '',
        capacity: Number(value('seminarCapacity')),
      };
    }
    if (value('timezone')) body.callingHours = { timezone: value('timezone'), from: value('from'), to: value('to') };
    if (value('maxAttempts')) body.maxAttempts = Number(value('maxAttempts'));
    const error = byId('campaign-form-error');
    error.textContent = '';
    try {
      const created = /** @type {Campaign} */ (await api('/campaigns', { method: 'POST', body }));
      toast(`Campaign “${created.name}” created`, 'info');
      this.selectedId = created.id;
      this.lastReport = null;
      f.reset();
      await this.refresh();
    } catch (e) {
      error.textContent = errorText(e);
    }
  }

  /** @param {string} id */
  async open(id) {
    if (this.selectedId !== id) this.lastReport = null;
    this.selectedId = id;
    try {
      const campaign = /** @type {Campaign} */ (await api(`/campaigns/${id}`));
      const i = this.campaigns.findIndex((c) => c.id === id);
      if (i >= 0) this.campaigns[i] = campaign;
      this.renderList();
      this.renderDetail(campaign);
    } catch (error) {
      replace(this.detail, h('p', { class: 'form-error', text: errorText(error) }));
    }
  }

  /**
   * @param {Campaign} campaign
   * @param {string} status
   */
  async setStatus(campaign, status) {
    try {
      await api(`/campaigns/${campaign.id}`, { method: 'PATCH', body: { status } });
      await this.open(campaign.id);
    } catch (error) {
      toast(`Not changed: ${errorText(error)}`, 'warn');
    }
  }

  /**
   * Uploads the chosen CSV file as it is (the server detects UTF-8, Shift_JIS or GB18030).
   * @param {Campaign} campaign
   * @param {HTMLInputElement} input
   */
  async upload(campaign, input) {
    const file = input.files?.[0];
    if (!file) {
      toast('Choose a CSV file first', 'warn');
      return;
    }
    try {
      const res = await fetch(`/campaigns/${campaign.id}/targets`, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'text/csv',
          Authorization: `Bearer ${session.token() ?? ''}`,
        },
        body: await file.arrayBuffer(),
      });
      const answer = /** @type {unknown} */ (await res.json().catch(() => null));
      if (!res.ok) throw new ApiError(res.status, /** @type {never} */ (answer));
      this.lastReport = /** @type {ImportReport} */ (answer);
      toast(`${this.lastReport.added} targets added, ${this.lastReport.skipped.length} skipped`, 'info');
      await this.open(campaign.id);
    } catch (error) {
      toast(`Upload failed: ${errorText(error)}`, 'warn');
    }
  }

  renderList() {
    replace(
      this.list,
      this.campaigns.length === 0
        ? h('p', { class: 'empty', text: 'No campaigns yet.' })
        : h(
            'ul',
            { class: 'campaign-items' },
            this.campaigns.map((c) =>
              h(
                'li',
                { class: c.id === this.selectedId ? 'campaign-item selected' : 'campaign-item' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link-button',
                    dataset: { campaignId: c.id },
                    onclick: () => void this.open(c.id),
                  },
                  c.name,
                ),
                ' ',
                h('span', { class: `badge status-${c.status}`, text: c.status }),
                h('span', {
                  class: 'muted small',
                  text: ` ${label(KIND_LABELS, c.kind)} · ${label(MEDIUM_LABELS, c.medium)}`,
                }),
              ),
            ),
          ),
    );
  }

  /** @param {Campaign} c */
  renderDetail(c) {
    const file = h('input', { type: 'file', accept: '.csv,text/csv', id: 'campaign-csv', name: 'csv' });
    const p = c.progress;
    replace(
      this.detail,
      h('h2', { id: 'campaign-title', text: c.name }),
      h(
        'p',
        { class: 'muted small' },
        `${label(KIND_LABELS, c.kind)} · ${label(CHANNEL_LABELS, c.channel)} · ${label(MEDIUM_LABELS, c.medium)}`,
        c.callingHours ? ` · calls ${c.callingHours.from}–${c.callingHours.to} ${c.callingHours.timezone}` : '',
      ),
      c.seminar
        ? h(
            'p',
            { id: 'campaign-seminar' },
            `Seminar “${c.seminar.title}”, ${formatDateTime(c.seminar.startsAt)}: `,
            h('strong', { text: `${c.seminar.registered} / ${c.seminar.capacity}` }),
            ' registered',
          )
        : null,
      h(
        'div',
        { class: 'campaign-actions' },
        h('span', { id: 'campaign-status', class: `badge status-${c.status}`, text: c.status }),
        ACTIONS.filter(([from]) => from === c.status).map(([, to, text]) =>
          h('button', {
            type: 'button',
            class: to === 'done' ? 'secondary' : 'primary',
            dataset: { status: to },
            text,
            onclick: () => void this.setStatus(c, to),
          }),
        ),
      ),
      c.status === 'done'
        ? null
        : h(
            'div',
            { class: 'campaign-upload' },
            h(
              'label',
              { class: 'field' },
              h('span', { text: 'Targets (CSV: name, phone, email, company, language, consent)' }),
              file,
            ),
            h('button', {
              type: 'button',
              id: 'campaign-upload',
              class: 'secondary',
              text: 'Upload',
              onclick: () => void this.upload(c, file),
            }),
          ),
      this.lastReport ? reportOf(this.lastReport) : null,
      p ? progressOf(p) : null,
    );
  }
}

/**
 * The active campaigns on the supervisor page, updated by the same pushes.
 */
export class CampaignBoard {
  constructor() {
    this.root = byId('supervisor-campaigns');
    /** @type {Map<string, ProgressEvent>} */
    this.byId = new Map();
  }

  async load() {
    try {
      const campaigns = /** @type {Campaign[]} */ (await api('/campaigns?status=active&limit=50'));
      for (const c of campaigns) {
        const detail = /** @type {Campaign} */ (await api(`/campaigns/${c.id}`));
        if (detail.progress) {
          this.byId.set(c.id, { campaignId: c.id, name: c.name, status: c.status, progress: detail.progress });
        }
      }
      this.render();
    } catch {
      // A supervisor without campaigns sees nothing here; the pushes fill it later.
    }
  }

  /** @param {ProgressEvent} event */
  push(event) {
    if (event.status === 'active' || event.status === 'paused') this.byId.set(event.campaignId, event);
    else this.byId.delete(event.campaignId);
    this.render();
  }

  reset() {
    this.byId.clear();
    replace(this.root);
  }

  render() {
    const rows = [...this.byId.values()];
    replace(
      this.root,
      rows.length === 0
        ? null
        : h(
            'section',
            { class: 'card wide' },
            h('h2', { text: 'Campaigns' }),
            h(
              'table',
              { class: 'table', id: 'supervisor-campaign-table' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['Campaign', 'Status', ...TARGET_STATES, 'Registrations', 'Leads'].map((t) => h('th', { text: t })),
                ),
              ),
              h(
                'tbody',
                null,
                rows.map((r) =>
                  h(
                    'tr',
                    { dataset: { campaignId: r.campaignId } },
                    h('td', { text: r.name }),
                    h('td', { text: r.status }),
                    TARGET_STATES.map((s) => h('td', { text: r.progress.byState[s] ?? 0 })),
                    h('td', { text: r.progress.registrations }),
                    h('td', { text: r.progress.leads }),
                  ),
                ),
              ),
            ),
          ),
    );
  }
}

/** @param {ImportReport} report */
function reportOf(report) {
  return h(
    'div',
    { id: 'campaign-report', class: 'campaign-report' },
    h('p', null, h('strong', { text: `${report.added} added` }), `, ${report.skipped.length} skipped`),
    report.skipped.length === 0
      ? null
      : h(
          'table',
          { class: 'table' },
          h('thead', null, h('tr', null, h('th', { text: 'Row' }), h('th', { text: 'Why skipped' }))),
          h(
            'tbody',
            null,
            report.skipped
              .slice(0, 200)
              .map((s) => h('tr', null, h('td', { text: s.row }), h('td', { text: s.reason }))),
          ),
        ),
  );
}

/** @param {Progress} p */
function progressOf(p) {
  const dispositions = Object.entries(p.byDisposition);
  return h(
    'div',
    { id: 'campaign-progress', class: 'kpis' },
    h(
      'div',
      { class: 'kpi' },
      h('span', { class: 'kpi-value', text: p.targets }),
      h('span', { class: 'kpi-name', text: 'Targets' }),
    ),
    TARGET_STATES.map((s) =>
      h(
        'div',
        { class: 'kpi', dataset: { state: s } },
        h('span', { class: 'kpi-value', text: p.byState[s] ?? 0 }),
        h('span', { class: 'kpi-name', text: s }),
      ),
    ),
    h(
      'div',
      { class: 'kpi' },
      h('span', { class: 'kpi-value', text: p.attempts }),
      h('span', { class: 'kpi-name', text: 'Attempts' }),
    ),
    h(
      'div',
      { class: 'kpi', dataset: { state: 'registrations' } },
      h('span', { class: 'kpi-value', text: p.registrations }),
      h('span', { class: 'kpi-name', text: 'Registrations' }),
    ),
    h(
      'div',
      { class: 'kpi' },
      h('span', { class: 'kpi-value', text: p.leads }),
      h('span', { class: 'kpi-name', text: 'Leads' }),
    ),
    dispositions.length === 0
      ? null
      : h('p', {
          class: 'muted small wide',
          text: `By disposition: ${dispositions.map(([d, n]) => `${d} ${n}`).join(', ')}`,
        }),
  );
}
