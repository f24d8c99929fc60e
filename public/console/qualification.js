// Qualifying the open contact: revenue potential, complexity, maturity and BANT facts, posted to
// POST /contacts/:id/qualification; the answer is the channel matrix's routing decision.

import { api } from './api.js';
import { byId, control, h, replace } from './dom.js';
import { ROUTE_LABELS, errorText, formatDateTime, label, lookup } from './format.js';

/** @import { Contact, ProductLine, RoutingDecision } from './types.js' */
/** @import { AssigneeKind } from './protocol.mjs' */

/** @type {Readonly<Record<AssigneeKind, string>>} */
const ASSIGNEE_KINDS = {
  deal_specialist: 'deal specialist',
  supervisor: 'supervisor (nobody could take it)',
  partner: 'partner',
  queue: 'queue',
};

/**
 * The starter catalog, used when GET /catalog/product-lines cannot be read.
 * @type {readonly ProductLine[]}
 */
const FALLBACK_PRODUCT_LINES = [
  { code: 'pc', name: 'PCs and notebooks', complexity: 'simple' },
  { code: 'server', name: 'Servers and storage', complexity: 'simple' },
  { code: 'printer', name: 'Printers and supplies', complexity: 'simple' },
  { code: 'network', name: 'Network equipment and installation', complexity: 'standard' },
  { code: 'managed-services', name: 'Managed IT services', complexity: 'standard' },
  { code: 'erp', name: 'ERP implementation', complexity: 'complex' },
  { code: 'cloud-migration', name: 'Cloud migration and integration', complexity: 'complex' },
];

/** The qualification facts (BANT), checkboxes of the same names in index.html. */
const FACTS = /** @type {const} */ (['budget', 'authority', 'need', 'timeline']);

/**
 * The body of POST /contacts/:id/qualification.
 * @typedef {{
 *   maturity: FormDataEntryValue | null,
 *   estimatedRevenue?: number,
 *   revenueTier?: FormDataEntryValue | null,
 *   complexity?: FormDataEntryValue,
 *   productLines?: FormDataEntryValue[],
 *   integration?: boolean,
 *   notes?: string,
 * } & Partial<Record<(typeof FACTS)[number], boolean>>} QualificationBody
 */

export class QualificationForm {
  constructor() {
    this.panel = byId('qualification-panel');
    this.form = byId('qualification-form', HTMLFormElement);
    this.result = byId('qualification-result');
    this.subject = byId('qualification-subject');
    this.productLines = byId('product-lines');
    /** @type {Contact | null} */
    this.contact = null;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    control(this.form, 'estimatedRevenue').addEventListener('input', () => this.syncRevenue());
    control(this.form, 'complexity').addEventListener('change', () => this.syncComplexity());
    this.setContact(null);
  }

  async loadCatalog() {
    let lines = FALLBACK_PRODUCT_LINES;
    try {
      const answer = /** @type {ProductLine[] | null} */ (await api('/catalog/product-lines'));
      const active = Array.isArray(answer) ? answer.filter((line) => line.active !== false) : [];
      if (active.length > 0) lines = active;
    } catch {
      // Not reachable or not allowed: the starter catalog's codes still route correctly.
    }
    replace(
      this.productLines,
      ...lines.map((line) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'productLines', value: line.code }),
          h('span', { text: line.name ?? line.code }),
          line.complexity ? h('span', { class: 'muted small', text: line.complexity }) : null,
        ),
      ),
    );
    this.syncComplexity();
  }

  /**
   * The contact being qualified; null disables the form.
   * @param {Contact | null} contact
   */
  setContact(contact) {
    this.contact = contact;
    replace(this.result);
    this.result.hidden = true;
    this.form.reset();
    for (const el of /** @type {Iterable<HTMLInputElement>} */ (this.form.elements)) el.disabled = !contact;
    this.syncRevenue();
    this.syncComplexity();
    this.subject.textContent = contact
      ? `Contact from ${contact.from?.name || contact.from?.email || contact.from?.phone || 'unknown sender'}`
      : 'Accept an offer to qualify it.';
    if (contact?.productLine) {
      /** @type {HTMLInputElement | null} */
      const box = this.form.querySelector(`input[name="productLines"][value="${CSS.escape(contact.productLine)}"]`);
      if (box) box.checked = true;
    }
  }

  focus() {
    control(this.form, 'revenueTier')?.focus();
    this.panel.scrollIntoView({ block: 'nearest' });
  }

  /** An estimate, when given, decides the tier by the configured thresholds. */
  syncRevenue() {
    const estimate = control(this.form, 'estimatedRevenue').value.trim();
    control(this.form, 'revenueTier').disabled = !this.contact || estimate !== '';
  }

  /** Product lines decide the complexity unless the agent picks it; they are recorded either way. */
  syncComplexity() {
    const picked = control(this.form, 'complexity').value !== '';
    for (const box of this.productLines.querySelectorAll('input')) box.disabled = !this.contact;
    this.productLines.classList.toggle('secondary-choice', picked);
  }

  /** @returns {QualificationBody} */
  body() {
    const data = new FormData(this.form);
    /** @type {QualificationBody} */
    const body = { maturity: data.get('maturity') };
    const estimate = textOf(data, 'estimatedRevenue').trim();
    if (estimate !== '') body.estimatedRevenue = Number(estimate);
    else body.revenueTier = data.get('revenueTier');
    const complexity = data.get('complexity');
    if (complexity) body.complexity = complexity;
    const productLines = data.getAll('productLines');
    if (productLines.length > 0 || !complexity) body.productLines = productLines;
    body.integration = data.get('integration') === 'on';
    for (const name of FACTS) body[name] = data.get(name) === 'on';
    const notes = textOf(data, 'notes').trim();
    if (notes) body.notes = notes;
    return body;
  }

  async submit() {
    if (!this.contact) return;
    const button = /** @type {HTMLButtonElement} */ (this.form.querySelector('button[type="submit"]'));
    button.disabled = true;
    button.textContent = 'Routing…';
    try {
      const decision = /** @type {RoutingDecision} */ (
        await api(`/contacts/${encodeURIComponent(this.contact.id)}/qualification`, {
          method: 'POST',
          body: this.body(),
        })
      );
      this.showDecision(decision);
    } catch (error) {
      this.showError(error);
    } finally {
      button.disabled = !this.contact;
      button.textContent = 'Qualify and route';
    }
  }

  /** @param {RoutingDecision} decision */
  showDecision(decision) {
    const assignee = decision.assignee;
    const assigneeText =
      assignee === null || assignee === undefined
        ? 'nobody yet'
        : typeof assignee === 'string'
          ? assignee
          : [assignee.name ?? assignee.id, lookup(ASSIGNEE_KINDS, assignee.kind)].filter(Boolean).join(' · ');
    this.result.hidden = false;
    replace(
      this.result,
      h(
        'div',
        { class: `decision route-${decision.route}`, role: 'status' },
        h('p', { class: 'decision-label', text: 'Routing decision' }),
        h('p', {
          class: 'decision-route',
          dataset: { route: decision.route },
          text: label(ROUTE_LABELS, decision.route),
        }),
        h(
          'dl',
          { class: 'facts compact' },
          h('dt', { text: 'Assignee' }),
          h('dd', { class: 'decision-assignee', text: assigneeText }),
          h('dt', { text: 'Matrix version' }),
          h('dd', { class: 'decision-version', text: `v${decision.matrixVersion}` }),
          decision.handoff?.dueAt
            ? [h('dt', { text: 'Accept by' }), h('dd', { text: formatDateTime(decision.handoff.dueAt) })]
            : null,
          decision.followUpAt
            ? [h('dt', { text: 'Follow up' }), h('dd', { text: formatDateTime(decision.followUpAt) })]
            : null,
          h('dt', { text: 'Lead' }),
          h('dd', { class: 'mono', text: decision.leadId }),
        ),
        h('p', { class: 'decision-reason', text: decision.reason }),
      ),
    );
  }

  /** @param {unknown} error */
  showError(error) {
    this.result.hidden = false;
    replace(this.result, h('p', { class: 'form-error', role: 'alert', text: `Not routed: ${errorText(error)}` }));
  }
}

/**
 * A text field's value ('' when the form has no field of that name).
 * @param {FormData} data
 * @param {string} name
 */
function textOf(data, name) {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
