// Deal specialists: qualified field leads handed over to them, to accept before their SLA runs out.

import { byId, h, replace } from './dom.js';
import { errorText, formatDateTime } from './format.js';

/** @import { Ack, HandoffEvent, LeadStalledEvent } from './types.js' */

/**
 * @typedef {object} HandoffActions
 * @property {(handoff: HandoffEvent) => Promise<Ack>} accept
 * @property {(handoff: HandoffEvent) => Promise<Ack>} decline
 */

export class HandoffsPanel {
  /** @param {HandoffActions} actions */
  constructor(actions) {
    this.actions = actions;
    this.panel = byId('handoffs-panel');
    this.list = byId('handoffs');
    /**
     * handoffId -> handoff event, in arrival order.
     * @type {Map<string, HandoffEvent>}
     */
    this.handoffs = new Map();
    /**
     * leadId -> lead:stalled event: owned leads stuck in their maturity stage.
     * @type {Map<string, LeadStalledEvent>}
     */
    this.stalled = new Map();
  }

  /**
   * A lead of this user stayed too long in its stage (`lead:stalled`): listed until signed out.
   * @param {LeadStalledEvent | null | undefined} event
   */
  addStalled(event) {
    if (!event?.leadId) return;
    this.stalled.set(event.leadId, event);
    this.panel.hidden = false;
    this.render();
  }

  /**
   * Shown to deal specialists only (and to anyone a handoff reaches).
   * @param {boolean} visible
   */
  setVisible(visible) {
    this.panel.hidden = !visible && this.handoffs.size === 0;
  }

  /** @param {HandoffEvent | null | undefined} handoff */
  add(handoff) {
    if (!handoff?.handoffId) return;
    this.handoffs.set(handoff.handoffId, handoff);
    this.panel.hidden = false;
    this.render();
  }

  /**
   * @param {string} handoffId
   * @returns {boolean} whether it was listed
   */
  remove(handoffId) {
    const removed = this.handoffs.delete(handoffId);
    this.render();
    return removed;
  }

  clear() {
    this.handoffs.clear();
    this.stalled.clear();
    this.render();
  }

  /**
   * @param {HandoffEvent} handoff
   * @param {'accept' | 'decline'} what
   * @param {HTMLElement} card
   */
  async act(handoff, what, card) {
    for (const button of card.querySelectorAll('button')) button.disabled = true;
    const ack = await this.actions[what](handoff);
    if (ack.ok) {
      this.remove(handoff.handoffId);
      return;
    }
    for (const button of card.querySelectorAll('button')) button.disabled = false;
    /** @type {HTMLElement} */ (card.querySelector('.offer-error')).textContent = errorText(ack.error);
  }

  render() {
    byId('handoff-count').textContent = String(this.handoffs.size);
    byId('handoffs-empty').hidden = this.handoffs.size + this.stalled.size > 0;
    replace(
      this.list,
      [...this.stalled.values()].map((s) =>
        h(
          'li',
          { class: 'offer handoff stalled', dataset: { leadId: s.leadId } },
          h(
            'div',
            { class: 'offer-head' },
            h('span', { class: 'badge warn', text: `Stalled · ${s.maturity}` }),
            h('span', { class: 'offer-countdown small', text: `since ${formatDateTime(s.stalledSince)}` }),
          ),
          h('p', {
            class: 'offer-reason',
            text: `In ${s.maturity} since ${formatDateTime(s.stageEnteredAt)}, past its ${s.limitDays}-day limit`,
          }),
        ),
      ),
      [...this.handoffs.values()].map((handoff) => {
        const card = h(
          'li',
          { class: 'offer handoff' },
          h(
            'div',
            { class: 'offer-head' },
            h('span', { class: 'badge', text: `${handoff.revenueTier} · ${handoff.complexity} · ${handoff.maturity}` }),
            h('span', { class: 'offer-countdown small', text: `by ${formatDateTime(handoff.dueAt)}` }),
          ),
          h('p', { class: 'offer-summary', text: handoff.summary }),
          h('p', { class: 'offer-reason', text: handoff.reason }),
          h(
            'div',
            { class: 'offer-actions' },
            h(
              'button',
              { type: 'button', class: 'primary', onclick: () => this.act(handoff, 'accept', card) },
              'Accept lead',
            ),
            h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => this.act(handoff, 'decline', card) },
              'Decline',
            ),
          ),
          h('p', { class: 'offer-error', role: 'alert' }),
        );
        return card;
      }),
    );
  }
}
