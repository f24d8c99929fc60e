// Live offers: one card per offer with a countdown to expiresAt, Accept and Decline.

import { byId, h } from './dom.js';
import { CHANNEL_LABELS, MEDIUM_LABELS, errorText, formatCountdown, label, langTag } from './format.js';

/** @import { Ack, OfferEvent } from './types.js' */

/**
 * @typedef {object} OfferActions
 * @property {(offer: OfferEvent) => Promise<Ack>} accept
 * @property {(offer: OfferEvent) => Promise<Ack>} decline
 * @property {(count: number) => void} changed
 */

/**
 * One offer on screen.
 * @typedef {object} Entry
 * @property {OfferEvent} offer
 * @property {HTMLLIElement} card
 * @property {number} receivedAt epoch milliseconds
 * @property {number} expiresAt epoch milliseconds
 * @property {boolean} [busy]
 */

const TICK_MS = 250;
/** An expired card stays this long, greyed, so the agent sees what was missed. */
const EXPIRED_LINGER_MS = 2500;

export class OffersPanel {
  /** @param {OfferActions} actions */
  constructor(actions) {
    this.actions = actions;
    this.list = byId('offers');
    this.empty = byId('offers-empty');
    this.count = byId('offer-count');
    /**
     * offerId -> { offer, card, receivedAt, expiresAt, busy } in arrival order (Map keeps it).
     * @type {Map<string, Entry>}
     */
    this.offers = new Map();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.render();
  }

  /** @param {OfferEvent | null | undefined} offer */
  add(offer) {
    if (!offer?.offerId || this.offers.has(offer.offerId)) return;
    const receivedAt = Date.now();
    const expiresAt = Date.parse(offer.expiresAt);
    // The card is added next: it is built from the other fields.
    const entry = /** @type {Entry} */ ({
      offer,
      receivedAt,
      expiresAt: Number.isNaN(expiresAt) ? receivedAt + 30_000 : expiresAt,
    });
    entry.card = this.card(entry);
    this.offers.set(offer.offerId, entry);
    this.list.append(entry.card);
    this.render();
    this.tick();
  }

  /**
   * @param {string} offerId
   * @returns {OfferEvent | null} the offer, when it was on screen
   */
  remove(offerId) {
    const entry = this.offers.get(offerId);
    if (!entry) return null;
    entry.card.remove();
    this.offers.delete(offerId);
    this.render();
    return entry.offer;
  }

  clear() {
    for (const id of [...this.offers.keys()]) this.remove(id);
  }

  /**
   * The offer that has waited longest and can still be taken (the keyboard shortcuts act on it).
   * @returns {OfferEvent | null}
   */
  oldest() {
    for (const entry of this.offers.values()) if (!entry.busy && entry.expiresAt > Date.now()) return entry.offer;
    return null;
  }

  /** @param {string} offerId */
  async accept(offerId) {
    await this.act(offerId, 'accept');
  }

  /** @param {string} offerId */
  async decline(offerId) {
    await this.act(offerId, 'decline');
  }

  /**
   * @param {string} offerId
   * @param {'accept' | 'decline'} what
   */
  async act(offerId, what) {
    const entry = this.offers.get(offerId);
    if (!entry || entry.busy) return;
    this.setBusy(entry, what === 'accept' ? 'Accepting…' : 'Declining…');
    const ack = await this.actions[what](entry.offer);
    if (ack.ok) {
      this.remove(offerId);
      return;
    }
    this.setBusy(entry, null);
    part(entry.card, '.offer-error').textContent = errorText(ack.error);
  }

  /**
   * @param {Entry} entry
   * @param {string | null} text what is happening, or null when nothing is
   */
  setBusy(entry, text) {
    entry.busy = Boolean(text);
    entry.card.classList.toggle('busy', entry.busy);
    for (const button of entry.card.querySelectorAll('button')) button.disabled = entry.busy;
    part(entry.card, '.offer-state').textContent = text ?? '';
    if (text) part(entry.card, '.offer-error').textContent = '';
  }

  /** @param {Pick<Entry, 'offer' | 'expiresAt'>} entry */
  card(entry) {
    const { offer } = entry;
    return h(
      'li',
      { class: `offer medium-${offer.medium}`, dataset: { offerId: offer.offerId }, 'aria-live': 'polite' },
      h(
        'div',
        { class: 'offer-head' },
        h('span', { class: `badge medium`, text: label(MEDIUM_LABELS, offer.medium) }),
        offer.channel
          ? h('span', { class: `badge channel-${offer.channel}`, text: label(CHANNEL_LABELS, offer.channel) })
          : null,
        h('span', { class: 'offer-countdown', title: `expires at ${new Date(entry.expiresAt).toLocaleTimeString()}` }),
      ),
      h('p', { class: 'offer-summary', lang: langTag(offer.language) || null, text: offer.summary || '(no summary)' }),
      offer.transferredBy
        ? h('p', { class: 'offer-reason offer-transfer', text: `Transferred by ${offer.transferredBy.name}` })
        : offer.reason
          ? h('p', { class: 'offer-reason', text: offer.reason })
          : null,
      h('div', { class: 'offer-bar' }, h('span', { class: 'offer-bar-fill' })),
      h(
        'div',
        { class: 'offer-actions' },
        h(
          'button',
          { class: 'primary accept', type: 'button', onclick: () => this.accept(offer.offerId) },
          'Accept ',
          h('kbd', { text: 'A' }),
        ),
        h(
          'button',
          { class: 'secondary decline', type: 'button', onclick: () => this.decline(offer.offerId) },
          'Decline ',
          h('kbd', { text: 'D' }),
        ),
        h('span', { class: 'offer-state' }),
      ),
      h('p', { class: 'offer-error', role: 'alert' }),
    );
  }

  tick() {
    const now = Date.now();
    for (const [offerId, entry] of this.offers) {
      const left = (entry.expiresAt - now) / 1000;
      const total = Math.max(1, (entry.expiresAt - entry.receivedAt) / 1000);
      part(entry.card, '.offer-countdown').textContent = left > 0 ? formatCountdown(left) : 'expired';
      part(entry.card, '.offer-bar-fill').style.width = `${Math.max(0, Math.min(1, left / total)) * 100}%`;
      entry.card.classList.toggle('urgent', left > 0 && left <= 5);
      if (left <= 0 && !entry.card.classList.contains('expired')) {
        entry.card.classList.add('expired');
        for (const button of entry.card.querySelectorAll('button')) button.disabled = true;
        setTimeout(() => this.remove(offerId), EXPIRED_LINGER_MS);
      }
    }
  }

  render() {
    const n = this.offers.size;
    this.count.textContent = String(n);
    this.empty.hidden = n > 0;
    this.actions.changed(n);
  }
}

/**
 * A part of an offer card (card() always builds it).
 * @param {HTMLElement} card
 * @param {string} selector
 */
function part(card, selector) {
  return /** @type {HTMLElement} */ (card.querySelector(selector));
}
