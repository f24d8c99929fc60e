// The contact an agent is working: who, what they wrote, attachments (fax, voicemail) and timeline.

import { api, fetchBlob } from './api.js';
import { byId, h, replace, toast } from './dom.js';
import { ThreadView } from './thread.js';
import {
  CHANNEL_LABELS,
  LANGUAGE_LABELS,
  MEDIUM_LABELS,
  STATUS_LABELS,
  errorText,
  formatBytes,
  formatDateTime,
  formatTime,
  humanizeEvent,
  label,
  langTag,
  lookup,
} from './format.js';

/** @import { Attachment, Contact, TimelineEvent } from './types.js' */
/** @import { AttachmentKind } from './protocol.mjs' */

/** @type {Readonly<Record<AttachmentKind, string>>} */
const KIND_LABELS = { attachment: 'Attachment', recording: 'Voicemail', fax_document: 'Fax document' };
const PREVIEWABLE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export class ContactView {
  constructor() {
    this.root = byId('contact');
    /**
     * Blob URLs of the shown contact, revoked when another one is shown.
     * @type {string[]}
     */
    this.objectUrls = [];
    /** @type {Contact | null} */
    this.contact = null;
    /**
     * The signed-in user, named "you" in the timeline.
     * @type {string | null}
     */
    this.selfId = null;
    /** Supervisors and admins may answer any contact they open. */
    this.oversees = false;
    /**
     * Called with the contact when the agent finishes it (set by app.js).
     * @type {((contact: Contact) => void) | null}
     */
    this.onFinish = null;
    /**
     * Called with the contact when the agent calls the customer (set by app.js).
     * @type {((contact: Contact) => void) | null}
     */
    this.onCall = null;
    /**
     * Fills the work section (notes, transfer, wrap-up) of a shown contact (set by app.js).
     * @type {((contact: Contact, section: HTMLElement, works: boolean) => void) | null}
     */
    this.onWork = null;
    /** The conversation: every message, live, and the reply composer. */
    this.thread = new ThreadView();
    /**
     * The timeline section of the shown contact, replaced when it is read again.
     * @type {HTMLElement | null}
     */
    this.timelineSection = null;
    /** A timeline read is under way or asked for: events arriving together cause one read. */
    this.timelineRead = /** @type {{ running: boolean, again: boolean }} */ ({ running: false, again: false });
  }

  /**
   * Reads the shown contact's timeline again (a message arrived or moved: the timeline has its
   * event), at most one read at a time, the last request answered.
   * @param {string} contactId
   */
  async refreshTimeline(contactId) {
    if (this.contact?.id !== contactId) return;
    if (this.timelineRead.running) {
      this.timelineRead.again = true;
      return;
    }
    this.timelineRead.running = true;
    try {
      do {
        this.timelineRead.again = false;
        const fresh = /** @type {Contact} */ (await api(`/contacts/${encodeURIComponent(contactId)}`));
        if (this.contact?.id !== contactId || !this.timelineSection) return;
        this.contact = { ...this.contact, timeline: fresh.timeline };
        const section = this.timeline(this.contact);
        this.timelineSection.replaceWith(section);
        this.timelineSection = section;
      } while (this.timelineRead.again);
    } catch {
      // The next event reads it again; the thread itself is already up to date.
    } finally {
      this.timelineRead.running = false;
    }
  }

  /**
   * The open contact, when it is this agent's to finish.
   * @returns {Contact | null}
   */
  finishable() {
    return this.contact && this.contact.assignment?.agentId === this.selfId ? this.contact : null;
  }

  showEmpty() {
    this.release();
    this.contact = null;
    replace(
      this.root,
      h(
        'div',
        { class: 'empty-state' },
        h('h2', { text: 'No contact open' }),
        h('p', { text: 'Accept an offer to see the customer, their message, attachments and timeline here.' }),
      ),
    );
  }

  showLoading() {
    replace(this.root, h('div', { class: 'empty-state' }, h('p', { text: 'Loading the contact…' })));
  }

  /** @param {Contact} contact */
  show(contact) {
    this.release();
    this.contact = contact;
    const lang = langTag(contact.language);
    /** @type {Partial<NonNullable<Contact['from']>>} */
    const from = contact.from ?? {};
    const who = from.name || contact.person?.name || from.email || from.phone || 'Unknown sender';
    replace(
      this.root,
      h(
        'header',
        { class: 'contact-header' },
        h(
          'div',
          { class: 'contact-who' },
          h('h2', { class: 'contact-name', lang, text: who }),
          from.company || contact.customer?.name
            ? h('p', { class: 'contact-company', lang, text: from.company || contact.customer?.name })
            : null,
        ),
        h(
          'div',
          { class: 'badges' },
          h('span', { class: 'badge medium', text: label(MEDIUM_LABELS, contact.medium) }),
          contact.channel
            ? h('span', { class: `badge channel-${contact.channel}`, text: label(CHANNEL_LABELS, contact.channel) })
            : null,
          h('span', { class: `badge status-${contact.status}`, text: label(STATUS_LABELS, contact.status) }),
          this.finishable() && from.phone && contact.medium !== 'voice'
            ? h('button', {
                type: 'button',
                class: 'primary small-button call',
                text: 'Call',
                title: `Call ${from.phone} from the softphone`,
                onclick: () => this.onCall?.(contact),
              })
            : null,
          this.finishable()
            ? h(
                'button',
                { type: 'button', class: 'secondary small-button finish', onclick: () => this.onFinish?.(contact) },
                'Finish ',
                h('kbd', { text: 'F' }),
              )
            : null,
        ),
      ),
      h(
        'dl',
        { class: 'facts' },
        fact('E-mail', from.email),
        fact('Phone', from.phone),
        fact('Inquiry', contact.inquiryType),
        fact('Product line', contact.productLine),
        fact('Language', label(LANGUAGE_LABELS, contact.language)),
        fact('Received', formatDateTime(contact.createdAt)),
        fact('Why this channel', contact.channelReason),
      ),
      h(
        'section',
        { class: 'message' },
        h('h3', { class: 'message-subject', lang, text: contact.subject || 'Message' }),
        h('div', { class: 'message-body', lang, text: contact.body || '(empty message)' }),
      ),
      // Everything after the first message, live, and the reply composer (thread.js).
      this.thread.render(contact, this.finishable() !== null || this.oversees),
      this.attachments(contact),
      this.workSection(contact),
      (this.timelineSection = this.timeline(contact)),
    );
  }

  /** @param {Contact} contact */
  workSection(contact) {
    const section = h('section', { class: 'work-panel', id: 'work-panel' });
    this.onWork?.(contact, section, this.finishable() !== null);
    return section;
  }

  /** @param {Contact} contact */
  attachments(contact) {
    const items = contact.attachments ?? [];
    if (items.length === 0) return null;
    return h(
      'section',
      { class: 'attachments' },
      h('h3', { text: `Attachments (${items.length})` }),
      h(
        'ul',
        { class: 'attachment-list' },
        items.map((a) => this.attachment(contact.id, a)),
      ),
    );
  }

  /**
   * @param {string} contactId
   * @param {Attachment} a
   */
  attachment(contactId, a) {
    const url = `/contacts/${encodeURIComponent(contactId)}/attachments/${encodeURIComponent(a.id)}`;
    const isAudio = a.kind === 'recording' || String(a.contentType).startsWith('audio/');
    const player = isAudio ? h('audio', { controls: true, preload: 'none', class: 'voicemail' }) : null;
    const preview = PREVIEWABLE_IMAGES.has(a.contentType) ? h('img', { class: 'preview', alt: a.filename }) : null;
    const item = h(
      'li',
      { class: `attachment kind-${a.kind}` },
      h(
        'div',
        { class: 'attachment-line' },
        h('span', { class: 'badge', text: lookup(KIND_LABELS, a.kind) ?? a.kind }),
        h('span', { class: 'attachment-name', text: a.filename }),
        h('span', { class: 'muted', text: `${a.contentType} · ${formatBytes(a.size)}` }),
        h('button', { type: 'button', class: 'link', onclick: () => this.download(url, a) }, 'Download'),
      ),
      player,
      preview,
    );
    // Audio and images are fetched with the token and shown from a blob URL (no token in a URL).
    if (player || preview) {
      this.blobUrl(url, a)
        .then((objectUrl) => {
          if (player) player.src = objectUrl;
          if (preview) preview.src = objectUrl;
        })
        .catch((error) => item.append(h('p', { class: 'form-error', text: `Cannot load: ${errorText(error)}` })));
    }
    return item;
  }

  /**
   * @param {string} url
   * @param {Pick<Attachment, 'contentType'>} a
   */
  async blobUrl(url, a) {
    const blob = await fetchBlob(url);
    // The type we stored, not whatever the file claims to be: the browser never sniffs it as a page.
    const typed = blob.type === a.contentType ? blob : new Blob([blob], { type: a.contentType });
    const objectUrl = URL.createObjectURL(typed);
    this.objectUrls.push(objectUrl);
    return objectUrl;
  }

  /**
   * @param {string} url
   * @param {Attachment} a
   */
  async download(url, a) {
    try {
      const objectUrl = await this.blobUrl(url, { contentType: 'application/octet-stream' });
      const link = h('a', { href: objectUrl, download: a.filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) {
      toast(`Download failed: ${errorText(error)}`, 'error');
    }
  }

  /** @param {Contact} contact */
  timeline(contact) {
    const events = contact.timeline ?? [];
    return h(
      'section',
      { class: 'timeline' },
      h('h3', { text: 'Timeline' }),
      h(
        'ol',
        { class: 'timeline-list' },
        events.map((e) =>
          h(
            'li',
            { class: 'timeline-event' },
            h('time', { datetime: e.occurredAt, text: formatTime(e.occurredAt) }),
            h('span', { class: 'timeline-type', text: humanizeEvent(e.type), title: e.type }),
            h('span', { class: 'timeline-detail', text: eventDetail(e, this.selfId) }),
          ),
        ),
      ),
    );
  }

  release() {
    for (const url of this.objectUrls) URL.revokeObjectURL(url);
    this.objectUrls = [];
  }
}

/**
 * @param {string} name
 * @param {string | null | undefined} value
 */
function fact(name, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', { text: name }), h('dd', { text: value })];
}

/**
 * A short, readable line from an event's data: its plain values but ids, at most three.
 * @param {TimelineEvent} event
 * @param {string | null} selfId
 */
function eventDetail(event, selfId) {
  const data = event.data ?? {};
  const parts = Object.entries(data)
    // Ids mean nothing to an agent reading the timeline; the API keeps them for everyone else.
    .filter(([k, v]) => ['string', 'number', 'boolean'].includes(typeof v) && !/Id$/.test(k))
    .slice(0, 3)
    .map(([k, v]) => `${k}: ${String(v).slice(0, 80)}`);
  const actor = !event.actor ? '' : event.actor === `user:${selfId}` ? 'by you' : `by ${event.actor}`;
  return [actor, ...parts].filter(Boolean).join(' · ');
}
