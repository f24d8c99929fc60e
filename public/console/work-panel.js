// Working the open contact: internal notes, transfer (to an agent or back to a channel's queue)
// and wrap-up with a disposition (POST /contacts/:id/notes | transfer | wrap-up).

import { api } from './api.js';
import { h, replace, toast } from './dom.js';
import { CHANNEL_LABELS, errorText, formatDateTime, label } from './format.js';
import { SALES_CHANNELS } from './protocol.mjs';

/** @import { Contact } from './types.js' */

/**
 * The JSON of GET /contacts/:id/notes, GET /dispositions and GET /routing/transfer-targets.
 * @typedef {{ id: string, body: string, author: { id: string, name: string } | null, createdAt: string }} Note
 * @typedef {{ code: string, label: string, requiresCallbackAt: boolean }} Disposition
 * @typedef {{ id: string, name: string, presence: string }} TransferTarget
 */

export class WorkPanel {
  constructor() {
    /** @type {Disposition[] | null} */
    this.dispositions = null;
    /**
     * Called once the contact left the agent (transferred or wrapped up), with a line to show.
     * @type {((contact: Contact, message: string) => void) | null}
     */
    this.onDone = null;
    /** The signed-in user: not offered as a transfer target. @type {string | null} */
    this.selfId = null;
  }

  /**
   * Fills `root` (a section of the contact view) for `contact`; the forms only when the caller works it.
   * @param {Contact} contact
   * @param {HTMLElement} root
   * @param {boolean} works
   */
  render(contact, root, works) {
    const notesList = h('ul', { class: 'note-list', 'aria-live': 'polite' });
    replace(
      root,
      h('h3', { text: 'Notes' }),
      notesList,
      works ? this.noteForm(contact, notesList) : null,
      works ? this.transferForm(contact) : null,
      works ? this.wrapUpForm(contact) : null,
    );
    void this.loadNotes(contact, notesList);
  }

  /**
   * @param {Contact} contact
   * @param {HTMLElement} list
   */
  async loadNotes(contact, list) {
    try {
      const { items } = /** @type {{ items: Note[] }} */ (
        await api(`/contacts/${encodeURIComponent(contact.id)}/notes`)
      );
      replace(
        list,
        items.length === 0 ? h('li', { class: 'muted small', text: 'No notes yet.' }) : null,
        items.map((note) =>
          h(
            'li',
            { class: 'note' },
            h('p', { class: 'note-body', text: note.body }),
            h('p', {
              class: 'muted small',
              text: `${note.author?.name ?? 'someone'} · ${formatDateTime(note.createdAt)}`,
            }),
          ),
        ),
      );
    } catch (error) {
      replace(list, h('li', { class: 'form-error', text: `Cannot load notes: ${errorText(error)}` }));
    }
  }

  /**
   * @param {Contact} contact
   * @param {HTMLElement} list
   */
  noteForm(contact, list) {
    const body = h('textarea', {
      name: 'body',
      rows: 2,
      maxlength: 10000,
      'aria-label': 'Internal note',
      required: true,
    });
    return h(
      'form',
      {
        class: 'work-form note-form',
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          try {
            await api(`/contacts/${encodeURIComponent(contact.id)}/notes`, {
              method: 'POST',
              body: { body: body.value },
            });
            body.value = '';
            await this.loadNotes(contact, list);
          } catch (error) {
            toast(`Note not added: ${errorText(error)}`, 'error');
          }
        },
      },
      body,
      h('button', { type: 'submit', class: 'secondary small-button', text: 'Add note' }),
    );
  }

  /** @param {Contact} contact */
  transferForm(contact) {
    const agent = h(
      'select',
      { name: 'agentId', 'aria-label': 'Transfer to agent' },
      h('option', { value: '', text: 'Loading agents…' }),
    );
    const channel = h(
      'select',
      { name: 'channel', 'aria-label': 'Transfer to queue' },
      SALES_CHANNELS.map((c) => h('option', { value: c, text: label(CHANNEL_LABELS, c) })),
    );
    void this.loadTargets(agent);
    /** @param {{ agentId: string } | { channel: string }} target */
    const transfer = async (target) => {
      try {
        await api(`/contacts/${encodeURIComponent(contact.id)}/transfer`, { method: 'POST', body: target });
        this.onDone?.(contact, 'Contact transferred');
      } catch (error) {
        toast(`Not transferred: ${errorText(error)}`, 'error');
      }
    };
    return h(
      'div',
      { class: 'work-form transfer-form' },
      h('h3', { text: 'Transfer' }),
      h(
        'div',
        { class: 'work-row' },
        agent,
        h('button', {
          type: 'button',
          class: 'secondary small-button transfer-agent',
          text: 'Transfer to agent',
          onclick: () => (agent.value ? void transfer({ agentId: agent.value }) : toast('Pick an agent', 'warn')),
        }),
      ),
      h(
        'div',
        { class: 'work-row' },
        channel,
        h('button', {
          type: 'button',
          class: 'secondary small-button transfer-queue',
          text: 'Back to queue',
          onclick: () => void transfer({ channel: channel.value }),
        }),
      ),
    );
  }

  /** @param {HTMLSelectElement} select */
  async loadTargets(select) {
    try {
      const targets = /** @type {TransferTarget[]} */ (await api('/routing/transfer-targets'));
      const others = targets.filter((t) => t.id !== this.selfId);
      replace(
        select,
        h('option', { value: '', text: others.length ? 'Pick an agent' : 'No other agents' }),
        others.map((t) => h('option', { value: t.id, text: `${t.name} (${t.presence})` })),
      );
    } catch (error) {
      replace(select, h('option', { value: '', text: `Cannot load agents: ${errorText(error)}` }));
    }
  }

  /** @param {Contact} contact */
  wrapUpForm(contact) {
    const disposition = h('select', { name: 'disposition', 'aria-label': 'Disposition', required: true });
    const callbackAt = h('input', { type: 'datetime-local', name: 'callbackAt', 'aria-label': 'Call back at' });
    const callbackRow = h('label', { class: 'work-row callback-at', hidden: true }, 'Call back at ', callbackAt);
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 10000, 'aria-label': 'Wrap-up note (optional)' });
    const needsCallback = () =>
      this.dispositions?.find((d) => d.code === disposition.value)?.requiresCallbackAt ?? false;
    disposition.addEventListener('change', () => {
      callbackRow.hidden = !needsCallback();
    });
    void this.loadDispositions(disposition);
    return h(
      'form',
      {
        class: 'work-form wrap-up-form',
        onsubmit: async (/** @type {SubmitEvent} */ event) => {
          event.preventDefault();
          /** @type {{ disposition: string, note?: string, callbackAt?: string }} */
          const body = { disposition: disposition.value };
          if (note.value.trim()) body.note = note.value;
          // datetime-local is the agent's local time; the API takes an ISO instant.
          if (needsCallback() && callbackAt.value) body.callbackAt = new Date(callbackAt.value).toISOString();
          try {
            await api(`/contacts/${encodeURIComponent(contact.id)}/wrap-up`, { method: 'POST', body });
            this.onDone?.(contact, `Wrapped up: ${disposition.selectedOptions[0]?.textContent ?? body.disposition}`);
          } catch (error) {
            toast(`Not wrapped up: ${errorText(error)}`, 'error');
          }
        },
      },
      h('h3', { text: 'Wrap-up' }),
      h('div', { class: 'work-row' }, disposition),
      callbackRow,
      note,
      h('button', { type: 'submit', class: 'primary small-button wrap-up', text: 'Wrap up' }),
    );
  }

  /** @param {HTMLSelectElement} select */
  async loadDispositions(select) {
    try {
      this.dispositions ??= /** @type {{ items: Disposition[] }} */ (await api('/dispositions')).items;
      replace(
        select,
        h('option', { value: '', text: 'Pick a disposition' }),
        this.dispositions.map((d) => h('option', { value: d.code, text: d.label })),
      );
    } catch (error) {
      replace(select, h('option', { value: '', text: `Cannot load dispositions: ${errorText(error)}` }));
    }
  }
}
