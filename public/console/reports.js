// The Reports tab (supervisors and admins): a period picker, the funnel, speed to lead, SLA
// attainment over time and the agents as charts (Chart.js, vendor/chart.umd.min.js), every report's
// figures as a table, and a CSV download of each. Reads GET /reports/* and shows what they answer.

import { api, fetchBlob } from './api.js';
import { byId, h, replace, toast } from './dom.js';
import { CHANNEL_LABELS, errorText, label } from './format.js';

/** @import { Child } from './types.js' */

/**
 * @typedef {{ count: number, p50: number | null, p90: number | null, p99: number | null }} Percentiles
 * @typedef {{ channel: string | null, contacts: number, offered: number, qualified: number,
 *   routed: { field: number, e_sales: number, partner: number, nurture: number }, won: number, lost: number,
 *   rates: { offered: number | null, qualified: number | null, won: number | null, overall: number | null } }} FunnelRow
 * @typedef {{ channel: string, contacts: number, firstOffer: Percentiles, firstResponse: Percentiles }} SpeedRow
 * @typedef {{ rows: SpeedRow[], distribution: { upToSeconds: number | null, firstOffer: number, firstResponse: number }[] }} SpeedReport
 * @typedef {{ sla: string, channel: string | null, limitSeconds: number, total: number, met: number, missed: number,
 *   pending: number, attainment: number | null, goal: number | null, goalMet: boolean | null }} SlaRow
 * @typedef {{ rows: SlaRow[], daily: { day: string, wait: number | null, handoff: number | null }[] }} SlaReport
 * @typedef {{ agentId: string, name: string, offers: number, accepted: number, declined: number, expired: number,
 *   handled: number, busySeconds: number, utilization: number | null,
 *   fairness: { peers: number, share: number | null, groupSpread: number | null } }} AgentRow
 * @typedef {{ from: string, to: string, rows: Record<string, unknown>[] }} AnyReport
 */

/** The reports of GET /reports/<name>, in the order of the page. */
export const REPORTS = /** @type {const} */ ([
  'funnel',
  'speed-to-lead',
  'sla',
  'agents',
  'stalled',
  'cost',
  'sellers',
  'segments',
]);

const TITLES = /** @type {Record<(typeof REPORTS)[number], string>} */ ({
  funnel: 'Funnel per channel',
  'speed-to-lead': 'Speed to lead (business time)',
  sla: 'SLA attainment',
  agents: 'Agents',
  stalled: 'Stalled deals',
  cost: 'Cost per lead',
  sellers: 'Sellers: before and after',
  segments: 'Segments (market planning)',
});

const COLORS = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** @param {Date} d */
const isoDay = (d) => d.toISOString().slice(0, 10);
/** @param {number | null | undefined} v */
const percent = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
/** @param {number | null | undefined} v */
const seconds = (v) => (v === null || v === undefined ? '–' : `${Math.round(v)} s`);
/** @param {unknown} v */
const text = (v) =>
  v === null || v === undefined || v === '' ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v); // eslint-disable-line @typescript-eslint/no-base-to-string

export class ReportsPage {
  constructor() {
    this.body = byId('reports-body');
    this.form = byId('reports-range', HTMLFormElement);
    /** @type {Map<string, { destroy(): void }>} */
    this.charts = new Map();
    this.shown = false;
    const to = new Date(Date.now() + DAY_MS);
    this.setRange(isoDay(new Date(to.getTime() - 30 * DAY_MS)), isoDay(to));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.refresh();
    });
  }

  /**
   * @param {string} from YYYY-MM-DD
   * @param {string} to YYYY-MM-DD
   * @param {string} [before]
   */
  setRange(from, to, before = '') {
    this.input('from').value = from;
    this.input('to').value = to;
    this.input('before').value = before;
  }

  /** @param {string} name */
  input(name) {
    return /** @type {HTMLInputElement} */ (this.form.elements.namedItem(name));
  }

  start() {
    if (this.shown) return;
    this.shown = true;
    void this.refresh();
  }

  stop() {
    this.shown = false;
  }

  reset() {
    this.stop();
    this.destroyCharts();
    replace(this.body);
  }

  /** The query of a report: the period, and for the sellers the split date when one is set. */
  query(/** @type {string} */ report) {
    const params = new URLSearchParams({ from: this.input('from').value, to: this.input('to').value });
    const before = this.input('before').value;
    if (report === 'sellers' && before) params.set('before', before);
    return params.toString();
  }

  async refresh() {
    this.body.setAttribute('aria-busy', 'true');
    try {
      const answers = await Promise.all(REPORTS.map((r) => api(`/reports/${r}?${this.query(r)}`)));
      const reports = /** @type {Record<(typeof REPORTS)[number], AnyReport>} */ (
        Object.fromEntries(REPORTS.map((r, i) => [r, answers[i]]))
      );
      this.render(reports);
    } catch (error) {
      toast(`Reports: ${errorText(error)}`, 'error');
    } finally {
      this.body.setAttribute('aria-busy', 'false');
      this.body.dataset.loaded = String(Date.now());
    }
  }

  /** @param {Record<(typeof REPORTS)[number], AnyReport>} reports */
  render(reports) {
    this.destroyCharts();
    const funnel = /** @type {FunnelRow[]} */ (/** @type {unknown} */ (reports.funnel.rows));
    const speed = /** @type {SpeedReport} */ (/** @type {unknown} */ (reports['speed-to-lead']));
    const sla = /** @type {SlaReport} */ (/** @type {unknown} */ (reports.sla));
    const agents = /** @type {AgentRow[]} */ (/** @type {unknown} */ (reports.agents.rows));
    replace(
      this.body,
      h(
        'div',
        { class: 'reports-grid' },
        this.panel('funnel', this.canvas('funnel'), funnelTable(funnel)),
        this.panel('speed-to-lead', this.canvas('speed-to-lead'), speedTable(speed.rows)),
        this.panel('sla', this.canvas('sla'), slaTable(sla.rows)),
        this.panel('agents', this.canvas('agents'), agentsTable(agents)),
        this.panel(
          'stalled',
          plainTable('stalled', reports.stalled.rows, ['stage', 'ownerName', 'stalled', 'amount', 'oldestStalledAt']),
        ),
        this.panel(
          'cost',
          plainTable('cost', reports.cost.rows, [
            'channel',
            'contacts',
            'leads',
            'won',
            'cost',
            'costPerLead',
            'costPerWon',
            'currency',
          ]),
        ),
        this.panel(
          'sellers',
          plainTable('sellers', /** @type {Record<string, unknown>[]} */ (reports.sellers.rows), [
            'period',
            'sellerName',
            'customersServed',
            'won',
            'averageCycleDays',
          ]),
        ),
        this.panel(
          'segments',
          plainTable('segments', reports.segments.rows, ['segment', 'contacts', 'leads', 'won', 'leadRate', 'winRate']),
        ),
      ),
    );
    this.draw('funnel', {
      type: 'bar',
      data: {
        labels: funnel.map((r) => channelName(r.channel)),
        datasets: [
          ['Contacts', funnel.map((r) => r.contacts)],
          ['Offered', funnel.map((r) => r.offered)],
          ['Qualified', funnel.map((r) => r.qualified)],
          ['Won', funnel.map((r) => r.won)],
          ['Lost', funnel.map((r) => r.lost)],
        ].map(([name, data], i) => ({ label: name, data, backgroundColor: COLORS[i] })),
      },
    });
    this.draw('speed-to-lead', {
      type: 'bar',
      data: {
        labels: speed.distribution.map((b) => (b.upToSeconds === null ? 'longer' : `≤ ${bucketName(b.upToSeconds)}`)),
        datasets: [
          { label: 'First offer', data: speed.distribution.map((b) => b.firstOffer), backgroundColor: COLORS[0] },
          { label: 'First response', data: speed.distribution.map((b) => b.firstResponse), backgroundColor: COLORS[1] },
        ],
      },
    });
    this.draw('sla', {
      type: 'line',
      data: {
        labels: sla.daily.map((d) => d.day),
        datasets: [
          {
            label: 'Wait SLA',
            data: sla.daily.map((d) => pct(d.wait)),
            borderColor: COLORS[0],
            backgroundColor: COLORS[0],
          },
          {
            label: 'Handoff SLA',
            data: sla.daily.map((d) => pct(d.handoff)),
            borderColor: COLORS[2],
            backgroundColor: COLORS[2],
          },
          {
            label: 'Goal 80 %',
            data: sla.daily.map(() => 80),
            borderColor: '#9ca3af',
            borderDash: [4, 4],
            pointRadius: 0,
          },
        ],
      },
      options: { spanGaps: true, scales: { y: { min: 0, max: 100, title: { display: true, text: '% within SLA' } } } },
    });
    this.draw('agents', {
      type: 'bar',
      data: {
        labels: agents.map((a) => a.name),
        datasets: [
          { label: 'Offers', data: agents.map((a) => a.offers), backgroundColor: COLORS[5] },
          { label: 'Handled', data: agents.map((a) => a.handled), backgroundColor: COLORS[1] },
          { label: 'Declined', data: agents.map((a) => a.declined), backgroundColor: COLORS[2] },
          { label: 'Expired', data: agents.map((a) => a.expired), backgroundColor: COLORS[3] },
        ],
      },
    });
  }

  /**
   * A report's panel: title, CSV download, then its chart and table.
   * @param {(typeof REPORTS)[number]} report
   * @param {Child[]} children
   */
  panel(report, ...children) {
    const download = h('button', {
      type: 'button',
      class: 'secondary small-button',
      text: 'Download CSV',
      dataset: { csv: report },
      onclick: () => void this.download(report),
    });
    const wide = report === 'agents' || report === 'sla';
    return h(
      'section',
      { class: wide ? 'panel wide' : 'panel', dataset: { report } },
      h('h2', null, TITLES[report], download),
      ...children,
    );
  }

  /** @param {string} report */
  canvas(report) {
    return h(
      'div',
      { class: 'chart-box' },
      h('canvas', { id: `chart-${report}`, role: 'img', 'aria-label': `${report} chart` }),
    );
  }

  /**
   * @param {string} report
   * @param {ChartJs.Config} config
   */
  draw(report, config) {
    if (typeof Chart === 'undefined') return; // the bundle did not load: the tables still show the figures
    const canvas = byId(`chart-${report}`, HTMLCanvasElement);
    const chart = new Chart(canvas, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
    this.charts.set(report, chart);
  }

  destroyCharts() {
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
  }

  /** @param {(typeof REPORTS)[number]} report */
  async download(report) {
    try {
      const blob = await fetchBlob(`/reports/${report}?${this.query(report)}`, { Accept: 'text/csv' });
      const url = URL.createObjectURL(blob);
      const link = h('a', {
        href: url,
        download: `${report}-${this.input('from').value}-${this.input('to').value}.csv`,
      });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      toast(`CSV: ${errorText(error)}`, 'error');
    }
  }
}

/** @param {string | null} channel */
const channelName = (channel) => (channel === null ? 'Unclassified' : label(CHANNEL_LABELS, channel));
/** @param {number | null} v */
const pct = (v) => (v === null ? null : Math.round(v * 1000) / 10);
/** @param {number} s */
const bucketName = (s) => (s < 3600 ? `${s / 60} min` : s < 86_400 ? `${s / 3600} h` : `${s / 86_400} d`);

/**
 * A figure's cell, findable by report, row and column (the browser test reads them).
 * @param {string} report
 * @param {string} row
 * @param {string} column
 * @param {string} shown
 */
function cell(report, row, column, shown) {
  return h('td', { class: 'num', dataset: { report, row, col: column }, text: shown });
}

/**
 * @param {string[]} headers
 * @param {Child[]} rows
 */
function table(headers, rows) {
  return h(
    'table',
    { class: 'data' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((t) => h('th', { text: t })),
      ),
    ),
    h('tbody', null, rows),
  );
}

/** @param {FunnelRow[]} rows */
function funnelTable(rows) {
  return table(
    [
      'Channel',
      'Contacts',
      'Offered',
      'Qualified',
      'Field',
      'e-Sales',
      'Partner',
      'Nurture',
      'Won',
      'Lost',
      'Win rate',
    ],
    rows.map((r) => {
      const key = r.channel ?? 'unclassified';
      return h(
        'tr',
        null,
        h('td', { text: channelName(r.channel) }),
        cell('funnel', key, 'contacts', String(r.contacts)),
        cell('funnel', key, 'offered', String(r.offered)),
        cell('funnel', key, 'qualified', String(r.qualified)),
        cell('funnel', key, 'routed.field', String(r.routed.field)),
        cell('funnel', key, 'routed.e_sales', String(r.routed.e_sales)),
        cell('funnel', key, 'routed.partner', String(r.routed.partner)),
        cell('funnel', key, 'routed.nurture', String(r.routed.nurture)),
        cell('funnel', key, 'won', String(r.won)),
        cell('funnel', key, 'lost', String(r.lost)),
        cell('funnel', key, 'rates.won', percent(r.rates.won)),
      );
    }),
  );
}

/** @param {SpeedRow[]} rows */
function speedTable(rows) {
  return table(
    ['Channel', 'Contacts', 'Offer p50', 'p90', 'p99', 'Response p50', 'p90', 'p99'],
    rows.map((r) =>
      h(
        'tr',
        null,
        h('td', { text: r.channel === 'all' ? 'All channels' : channelName(r.channel) }),
        cell('speed-to-lead', r.channel, 'contacts', String(r.contacts)),
        cell('speed-to-lead', r.channel, 'firstOffer.p50', seconds(r.firstOffer.p50)),
        cell('speed-to-lead', r.channel, 'firstOffer.p90', seconds(r.firstOffer.p90)),
        cell('speed-to-lead', r.channel, 'firstOffer.p99', seconds(r.firstOffer.p99)),
        cell('speed-to-lead', r.channel, 'firstResponse.p50', seconds(r.firstResponse.p50)),
        cell('speed-to-lead', r.channel, 'firstResponse.p90', seconds(r.firstResponse.p90)),
        cell('speed-to-lead', r.channel, 'firstResponse.p99', seconds(r.firstResponse.p99)),
      ),
    ),
  );
}

/** @param {SlaRow[]} rows */
function slaTable(rows) {
  return table(
    ['SLA', 'Channel', 'Limit', 'Met', 'Missed', 'Pending', 'Attainment'],
    rows.map((r) => {
      const key = r.channel ? `${r.sla}.${r.channel}` : r.sla;
      const tone = r.goalMet === false ? 'num bad' : r.goalMet ? 'num good' : 'num';
      return h(
        'tr',
        null,
        h('td', { text: r.sla }),
        h('td', { text: r.channel ? channelName(r.channel) : 'all' }),
        h('td', { text: seconds(r.limitSeconds) }),
        cell('sla', key, 'met', String(r.met)),
        cell('sla', key, 'missed', String(r.missed)),
        cell('sla', key, 'pending', String(r.pending)),
        h('td', { class: tone, dataset: { report: 'sla', row: key, col: 'attainment' }, text: percent(r.attainment) }),
      );
    }),
  );
}

/** @param {AgentRow[]} rows */
function agentsTable(rows) {
  return table(
    ['Agent', 'Offers', 'Accepted', 'Declined', 'Expired', 'Handled', 'Utilization', 'Fair share', 'Group spread'],
    rows.map((r) =>
      h(
        'tr',
        null,
        h('td', { text: r.name }),
        cell('agents', r.agentId, 'offers', String(r.offers)),
        cell('agents', r.agentId, 'accepted', String(r.accepted)),
        cell('agents', r.agentId, 'declined', String(r.declined)),
        cell('agents', r.agentId, 'expired', String(r.expired)),
        cell('agents', r.agentId, 'handled', String(r.handled)),
        cell('agents', r.agentId, 'utilization', percent(r.utilization)),
        cell('agents', r.agentId, 'fairness.share', text(r.fairness.share)),
        cell('agents', r.agentId, 'fairness.groupSpread', text(r.fairness.groupSpread)),
      ),
    ),
  );
}

/**
 * @param {string} report
 * @param {Record<string, unknown>[]} rows
 * @param {string[]} columns
 */
function plainTable(report, rows, columns) {
  if (rows.length === 0) return h('p', { class: 'empty', text: 'Nothing in this period.' });
  return table(
    columns,
    rows.map((r, i) =>
      h(
        'tr',
        null,
        columns.map((c) => cell(report, String(i), c, text(r[c]))),
      ),
    ),
  );
}
