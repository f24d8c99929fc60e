// The deal specialist's pipeline (the company-wide maturity index, DESIGN.md): one column per
// maturity stage M0..M4, then won and lost. Each card is a deal: company, amount, days in its
// stage, a stalled mark. A deal moves by drag and drop or by its arrow buttons; the reason is asked
// in a dialog before PATCH /leads/:id, and won / lost ask the amount and the reason before
// POST /leads/:id/outcome. Above the board: the coverage of the quarter's sales plan (GET
// /pipeline?period=), and for supervisors a filter by owner (deal specialist).

import { api } from './api.js';
import { askInDialog } from './deal-dialog.js';
import { byId, h, replace, toast } from './dom.js';
import { errorText } from './format.js';

/**
 * The JSON of GET /pipeline.
 * @typedef {{ stage: string, count: number, amount: number, stalled: number, averageAgeDays: number | null }} PipelineStage
 * @typedef {{ target: number, weighted: number, ratio: number | null }} PipelineCoverage
 * @typedef {{
 *   id: string, contactId: string, maturity: string, amount: number | null, expectedCloseAt: string | null,
 *   stageEnteredAt: string, ageDays: number, stalled: boolean, ownerId: string | null,
 *   productLines: string[], company?: string | null, summary: string,
 * }} PipelineLead
 * @typedef {{ stages: PipelineStage[], coverage: PipelineCoverage | null, leads: PipelineLead[] }} Pipeline
 * @typedef {{ userId: string, name: string, roles: string[] }} StaffProfile
 */

/** The open stages a deal is moved between, in order, with the article's words. */
export const OPEN_STAGES = /** @type {const} */ (['M0', 'M1', 'M2', 'M3', 'M4']);
/** @type {Readonly<Record<string, string>>} */
export const STAGE_LABELS = {
  M0: 'M0 · identified',
  M1: 'M1 · need recognized',
  M2: 'M2 · qualified',
  M3: 'M3 · solution proposed',
  M4: 'M4 · negotiating',
  won: 'Won',
  lost: 'Lost',
};
const STAGES = [...OPEN_STAGES, 'won', 'lost'];
const DRAG_TYPE = 'application/x-lead-id';

const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** @param {number | null | undefined} amount */
export function formatAmount(amount) {
  return amount === null || amount === undefined ? '—' : money.format(amount);
}

/**
 * The calendar quarter of a date, like 2027-Q1 (plans are set per quarter).
 * @param {Date} date
 */
export function quarterOf(date) {
  return `${date.getFullYear()}-Q${Math.floor(date.getMonth() / 3) + 1}`;
}

/**
 * The position of an open stage in OPEN_STAGES; -1 for won, lost or anything else.
 * @param {string} stage
 */
function openIndex(stage) {
  return /** @type {readonly string[]} */ (OPEN_STAGES).indexOf(stage);
}

/** @param {string} stage */
function isOpen(stage) {
  return openIndex(stage) >= 0;
}

export class PipelineBoard {
  /**
   * @param {{ select: (lead: PipelineLead) => void }} actions
   */
  constructor(actions) {
    this.actions = actions;
    this.root = byId('pipeline-board');
    this.coverage = byId('pipeline-coverage');
    this.ownerFilter = byId('pipeline-owner', HTMLSelectElement);
    this.periodInput = byId('pipeline-period', HTMLInputElement);
    /** @type {Pipeline | null} */
    this.pipeline = null;
    /** @type {string | null} */
    this.selectedId = null;
    this.oversees = false;
    this.periodInput.value = quarterOf(new Date());
    this.ownerFilter.addEventListener('change', () => void this.load());
    this.periodInput.addEventListener('change', () => void this.load());
    byId('pipeline-refresh').addEventListener('click', () => void this.load());
  }

  /**
   * Supervisors see anyone's pipeline, chosen by owner; a deal specialist sees their own.
   * @param {boolean} oversees
   */
  async setOversees(oversees) {
    this.oversees = oversees;
    byId('pipeline-owner-field').hidden = !oversees;
    if (!oversees) return;
    try {
      const staff = /** @type {StaffProfile[]} */ (await api('/routing/agents'));
      const specialists = staff.filter((s) => s.roles.includes('deal_specialist'));
      replace(
        this.ownerFilter,
        h('option', { value: '', text: 'Everyone (company-wide)' }),
        ...specialists.map((s) => h('option', { value: s.userId, text: s.name })),
      );
    } catch (error) {
      toast(`Cannot list the deal specialists: ${errorText(error)}`, 'error');
    }
  }

  /** The query of the owner filter (empty: one's own, or the company's for supervisors). */
  query(extra = /** @type {Record<string, string>} */ ({})) {
    const params = new URLSearchParams(extra);
    if (this.oversees && this.ownerFilter.value) params.set('ownerId', this.ownerFilter.value);
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  async load() {
    try {
      const period = this.periodInput.value.trim();
      const [pipeline, planned] = await Promise.all([
        /** @type {Promise<Pipeline>} */ (api(`/pipeline${this.query()}`)),
        // The plan's coverage counts the deals expected to close in its quarter.
        /^\d{4}-Q[1-4]$/.test(period)
          ? /** @type {Promise<Pipeline>} */ (api(`/pipeline${this.query({ period })}`))
          : Promise.resolve(null),
      ]);
      this.pipeline = pipeline;
      this.renderCoverage(period, planned?.coverage ?? null);
      this.render();
      // The deal shown beside the board follows its move (stage, amount, team records).
      const selected = pipeline.leads.find((l) => l.id === this.selectedId);
      if (selected) this.actions.select(selected);
    } catch (error) {
      replace(this.root, h('p', { class: 'form-error', text: `Cannot load the pipeline: ${errorText(error)}` }));
    }
  }

  /**
   * @param {string} period
   * @param {PipelineCoverage | null} coverage
   */
  renderCoverage(period, coverage) {
    if (!coverage) {
      replace(this.coverage, h('span', { class: 'muted', text: `No sales plan set for ${period || 'this quarter'}.` }));
      return;
    }
    const ratio = coverage.ratio === null ? null : Math.round(coverage.ratio * 100);
    const state = ratio === null ? 'none' : ratio >= 100 ? 'good' : ratio >= 60 ? 'warn' : 'bad';
    replace(
      this.coverage,
      h('strong', { text: `Plan ${period}: ` }),
      `weighted pipeline ${formatAmount(coverage.weighted)} of ${formatAmount(coverage.target)} `,
      h('span', {
        class: `coverage-ratio coverage-${state}`,
        dataset: { ratio: String(ratio ?? '') },
        text: ratio === null ? '(no target)' : `${ratio}% covered`,
      }),
    );
  }

  render() {
    const pipeline = this.pipeline;
    if (!pipeline) return;
    const columns = STAGES.map((stage) => {
      const summary = pipeline.stages.find((s) => s.stage === stage);
      const leads = pipeline.leads.filter((l) => l.maturity === stage);
      const list = h('ol', { class: 'pipeline-cards' }, ...leads.map((lead) => this.card(lead)));
      const column = h(
        'section',
        { class: `pipeline-column${isOpen(stage) ? '' : ' closed'}`, dataset: { stage } },
        h(
          'header',
          { class: 'pipeline-column-head' },
          h('h3', { text: STAGE_LABELS[stage] ?? stage }),
          h('span', { class: 'count', text: String(summary?.count ?? leads.length) }),
          h('span', { class: 'muted small', text: formatAmount(summary?.amount ?? 0) }),
          summary?.stalled ? h('span', { class: 'badge warn', text: `${summary.stalled} stalled` }) : null,
        ),
        list,
      );
      if (isOpen(stage)) this.dropTarget(column, stage);
      return column;
    });
    replace(this.root, ...columns);
  }

  /** @param {PipelineLead} lead */
  card(lead) {
    const open = openIndex(lead.maturity);
    const company = lead.company || lead.summary;
    const card = h(
      'li',
      {
        class: `pipeline-card${lead.stalled ? ' stalled' : ''}${lead.id === this.selectedId ? ' selected' : ''}`,
        dataset: { leadId: lead.id, maturity: lead.maturity },
        draggable: open >= 0 ? 'true' : null,
      },
      h(
        'button',
        { type: 'button', class: 'pipeline-card-open', onclick: () => this.select(lead) },
        h('strong', { class: 'pipeline-company', text: company }),
        h('span', { class: 'pipeline-amount', text: formatAmount(lead.amount) }),
        h('span', { class: 'muted small', text: `${lead.ageDays} d in stage` }),
        lead.productLines.length ? h('span', { class: 'muted small', text: lead.productLines.join(', ') }) : null,
        lead.stalled ? h('span', { class: 'badge warn stalled-mark', text: 'Stalled' }) : null,
      ),
      open >= 0
        ? h(
            'div',
            { class: 'pipeline-card-actions' },
            h('button', {
              type: 'button',
              class: 'secondary small-button move-back',
              text: '◀',
              title: open > 0 ? `Back to ${OPEN_STAGES[open - 1]}` : 'Already the first stage',
              'aria-label': 'Move back one stage',
              disabled: open === 0,
              onclick: () => void this.move(lead, OPEN_STAGES[open - 1]),
            }),
            h('button', {
              type: 'button',
              class: 'secondary small-button move-forward',
              text: '▶',
              title: open < OPEN_STAGES.length - 1 ? `On to ${OPEN_STAGES[open + 1]}` : 'Already the last open stage',
              'aria-label': 'Move forward one stage',
              disabled: open === OPEN_STAGES.length - 1,
              onclick: () => void this.move(lead, OPEN_STAGES[open + 1]),
            }),
            h('button', {
              type: 'button',
              class: 'primary small-button mark-won',
              text: 'Won',
              onclick: () => void this.close(lead, 'won'),
            }),
            h('button', {
              type: 'button',
              class: 'secondary small-button mark-lost',
              text: 'Lost',
              onclick: () => void this.close(lead, 'lost'),
            }),
          )
        : null,
    );
    card.addEventListener('dragstart', (event) => {
      event.dataTransfer?.setData(DRAG_TYPE, lead.id);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    });
    return card;
  }

  /**
   * @param {HTMLElement} column
   * @param {string} stage
   */
  dropTarget(column, stage) {
    column.addEventListener('dragover', (event) => {
      if (!event.dataTransfer?.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      column.classList.add('drop-here');
    });
    column.addEventListener('dragleave', () => column.classList.remove('drop-here'));
    column.addEventListener('drop', (event) => {
      event.preventDefault();
      column.classList.remove('drop-here');
      const lead = this.pipeline?.leads.find((l) => l.id === event.dataTransfer?.getData(DRAG_TYPE));
      if (lead && lead.maturity !== stage) void this.move(lead, stage);
    });
  }

  /** @param {PipelineLead} lead */
  select(lead) {
    this.selectedId = lead.id;
    this.render();
    this.actions.select(lead);
  }

  /**
   * Asks the reason (and optionally the amount and expected close), then moves the deal.
   * @param {PipelineLead} lead
   * @param {string} to
   */
  async move(lead, to) {
    const moved = await askInDialog({
      title: `Move to ${STAGE_LABELS[to] ?? to}`,
      intro: `${lead.company || lead.summary}: from ${STAGE_LABELS[lead.maturity] ?? lead.maturity}. The reason goes into the deal's history.`,
      fields: [
        { name: 'reason', label: 'Reason', type: 'textarea', required: true, maxLength: 500 },
        { name: 'amount', label: 'Amount', type: 'number', value: lead.amount === null ? '' : String(lead.amount) },
        {
          name: 'expectedCloseAt',
          label: 'Expected close',
          type: 'date',
          value: lead.expectedCloseAt?.slice(0, 10) ?? '',
        },
      ],
      confirm: 'Move',
      submit: (values) =>
        api(`/leads/${encodeURIComponent(lead.id)}`, {
          method: 'PATCH',
          body: {
            maturity: to,
            reason: values.reason,
            ...(values.amount ? { amount: Number(values.amount) } : {}),
            ...(values.expectedCloseAt ? { expectedCloseAt: values.expectedCloseAt } : {}),
          },
        }),
    });
    if (moved) {
      toast(`Moved to ${to}`, 'info');
      await this.load();
    }
  }

  /**
   * Asks the amount and the reason, then closes the deal won or lost.
   * @param {PipelineLead} lead
   * @param {'won' | 'lost'} result
   */
  async close(lead, result) {
    const closed = await askInDialog({
      title: result === 'won' ? 'Mark the deal won' : 'Mark the deal lost',
      intro: `${lead.company || lead.summary}. Final: the proposal team's records and the back office follow.`,
      fields: [
        {
          name: 'amount',
          label: result === 'won' ? 'Amount won' : 'Amount (optional)',
          type: 'number',
          value: lead.amount === null ? '' : String(lead.amount),
          required: result === 'won',
        },
        { name: 'reason', label: 'Reason', type: 'textarea', required: true, maxLength: 500 },
      ],
      confirm: result === 'won' ? 'Mark won' : 'Mark lost',
      submit: (values) =>
        api(`/leads/${encodeURIComponent(lead.id)}/outcome`, {
          method: 'POST',
          body: { result, reason: values.reason, ...(values.amount ? { amount: Number(values.amount) } : {}) },
        }),
    });
    if (closed) {
      toast(result === 'won' ? 'Deal won' : 'Deal lost', 'info');
      await this.load();
    }
  }

  clear() {
    this.pipeline = null;
    this.selectedId = null;
    replace(this.root);
    replace(this.coverage);
  }
}
