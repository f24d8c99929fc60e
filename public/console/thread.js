// The conversation of the open contact: every message, inbound on the left, outbound on the right,
// with delivery status (failed with the provider's reason) and attachments; live on `contact:message`.

import { api, fetchBlob } from './api.js';
import { h, replace, toast } from './dom.js';
import { MEDIUM_LABELS, errorText, formatBytes, formatDateTime, label, langTag } from './format.js';
import { Composer } from './composer.js';

/** @import { Contact, ContactMessageEvent, ConversationMessage } from './types.js' */

/** @type {Readonly<Record<ConversationMessage['status'], string>>} */
const STATUS_TEXT = { received: 'Received', queued: 'Queued', sent: 'Sent', delivered: 'Delivered', failed: 'Failed' };

export class ThreadView {
  constructor() {
    this.root = h('section', { class: 'thread', 'aria-label': 'Conversation' });
    /** @type {Contact | null} */
    this.contact = null;
    /** @type {Map<string, ConversationMessage>} */
    this.messages = new Map();
    this.composer = new Composer(() => void this.reload());
  }

  /**
   * Shows the contact's conversation (and, when the signed-in user may answer, the composer).
   * @param {Contact} contact
   * @param {boolean} canReply
   */
  render(contact, canReply) {
    this.contact = contact;
    this.messages.clear();
    this.list = h('ol', { class: 'thread-list' }, h('li', { class: 'muted', text: 'Loading the conversation…' }));
    replace(this.root, h('h3', { text: 'Conversation' }), this.list, canReply ? this.composer.render(contact) : null);
    void this.reload();
    return this.root;
  }

  async reload() {
    const contact = this.contact;
    if (!contact) return;
    try {
      const { items } = /** @type {{ items: ConversationMessage[] }} */ (
        await api(`/contacts/${encodeURIComponent(contact.id)}/messages`)
      );
      if (this.contact !== contact) return;
      for (const m of items) this.messages.set(m.id, m);
      this.paint();
    } catch (error) {
      if (this.list) replace(this.list, h('li', { class: 'form-error', text: `Cannot load: ${errorText(error)}` }));
    }
  }

  /**
   * A new inbound message, or an outbound one's new status.
   * @param {ContactMessageEvent} event
   */
  receive(event) {
    if (!this.contact || event.contactId !== this.contact.id) return;
    const known = this.messages.get(event.message.id);
    this.messages.set(event.message.id, event.message);
    this.paint();
    if (!known && event.message.direction === 'inbound') toast('New message from the customer', 'info');
    if (event.message.status === 'failed' && known?.status !== 'failed') {
      toast(`Not delivered: ${event.message.error ?? 'failed'}`, 'error');
    }
  }

  paint() {
    if (!this.list || !this.contact) return;
    // The contact's own first message is shown above the thread (contact-view.js).
    const first = this.contact.id;
    const sorted = [...this.messages.values()]
      .filter((m) => m.id !== first)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const lang = langTag(this.contact.language);
    replace(
      this.list,
      sorted.length > 0
        ? sorted.map((m) => this.bubble(m, lang))
        : h('li', { class: 'muted', text: 'No replies yet.' }),
    );
    this.list.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }

  /**
   * @param {ConversationMessage} m
   * @param {string | undefined} lang
   */
  bubble(m, lang) {
    const who = m.direction === 'outbound' ? (m.author?.name ?? 'Us') : (m.from ?? 'Customer');
    return h(
      'li',
      { class: `bubble ${m.direction} status-${m.status}`, dataset: { messageId: m.id } },
      h(
        'div',
        { class: 'bubble-head' },
        h('span', { class: 'bubble-who', text: who }),
        h('span', { class: 'badge medium', text: label(MEDIUM_LABELS, m.medium) }),
        m.direction === 'outbound'
          ? h('span', { class: `badge delivery delivery-${m.status}`, text: STATUS_TEXT[m.status] ?? m.status })
          : null,
        h('time', { class: 'muted', datetime: m.createdAt, text: formatDateTime(m.createdAt) }),
      ),
      m.subject ? h('div', { class: 'bubble-subject', lang, text: m.subject }) : null,
      h('div', { class: 'bubble-body', lang, text: m.body || '(empty)' }),
      m.status === 'failed' ? h('div', { class: 'bubble-error', text: m.error ?? 'failed' }) : null,
      m.attachments.length > 0
        ? h(
            'ul',
            { class: 'bubble-files' },
            m.attachments.map((a) =>
              h(
                'li',
                null,
                h(
                  'button',
                  { type: 'button', class: 'link', onclick: () => void this.download(a) },
                  `${a.filename} (${formatBytes(a.size)})`,
                ),
              ),
            ),
          )
        : null,
    );
  }

  /** @param {ConversationMessage['attachments'][number]} a */
  async download(a) {
    if (!this.contact) return;
    try {
      const blob = await fetchBlob(
        `/contacts/${encodeURIComponent(this.contact.id)}/attachments/${encodeURIComponent(a.id)}`,
      );
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
      const link = h('a', { href: url, download: a.filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      toast(`Download failed: ${errorText(error)}`, 'error');
    }
  }
}
