// The reply composer: medium (only those the customer can be reached by), subject for e-mail,
// templates of the contact's language and medium, the contact's files for a fax, and the text.
// One Idempotency-Key per draft: a send retried after a lost answer is sent once.

import { api } from './api.js';
import { h, replace, toast } from './dom.js';
import { errorText } from './format.js';

/** @import { Contact, ReplyTemplate } from './types.js' */

/** @typedef {'email' | 'sms' | 'fax'} ReplyMedium */

/** @type {Readonly<Record<ReplyMedium, string>>} */
const MEDIUM_TEXT = { email: 'E-mail', sms: 'SMS', fax: 'Fax' };

export class Composer {
  /** @param {() => void} onSent */
  constructor(onSent) {
    this.onSent = onSent;
    this.root = h('form', { class: 'composer', 'aria-label': 'Reply' });
    /** @type {Contact | null} */
    this.contact = null;
    /** @type {string | null} */
    this.draftKey = null;
  }

  /**
   * The media the customer can be answered by.
   * @param {Contact} contact
   * @returns {ReplyMedium[]}
   */
  media(contact) {
    const email = contact.from?.email || contact.person?.email;
    const phone = contact.from?.phone || contact.person?.phone;
    /** @type {ReplyMedium[]} */
    const media = [];
    if (email) media.push('email');
    if (phone) media.push('sms');
    if (phone && (contact.attachments ?? []).some((a) => a.contentType === 'application/pdf')) media.push('fax');
    // The medium the customer wrote by comes first.
    const own = /** @type {ReplyMedium} */ (contact.medium);
    return media.includes(own) ? [own, ...media.filter((m) => m !== own)] : media;
  }

  /** @param {Contact} contact */
  render(contact) {
    this.contact = contact;
    this.draftKey = null;
    const media = this.media(contact);
    if (media.length === 0) {
      replace(this.root, h('p', { class: 'muted', text: 'No e-mail address or phone number to answer on.' }));
      return this.root;
    }
    this.medium = h(
      'select',
      { name: 'medium', 'aria-label': 'Medium', onchange: () => this.mediumChanged() },
      media.map((m) => h('option', { value: m, text: MEDIUM_TEXT[m] })),
    );
    this.template = h('select', {
      name: 'template',
      'aria-label': 'Template',
      onchange: () => void this.useTemplate(),
    });
    this.subject = h('input', { name: 'subject', type: 'text', placeholder: 'Subject', maxlength: 300 });
    this.files = h('fieldset', { class: 'composer-files' });
    this.body = h('textarea', { name: 'body', rows: 4, placeholder: 'Write your reply…', maxlength: 10000 });
    this.error = h('p', { class: 'form-error', role: 'alert' });
    this.send = h('button', { type: 'submit', class: 'primary' }, 'Send reply');
    this.body.addEventListener('input', () => (this.draftKey = null));
    this.subject.addEventListener('input', () => (this.draftKey = null));
    this.root.onsubmit = (event) => {
      event.preventDefault();
      void this.submit();
    };
    replace(
      this.root,
      h('div', { class: 'composer-row' }, this.medium, this.template),
      this.subject,
      this.files,
      this.body,
      h('div', { class: 'composer-row' }, this.error, this.send),
    );
    this.mediumChanged();
    return this.root;
  }

  /** @returns {ReplyMedium} */
  current() {
    return /** @type {ReplyMedium} */ (this.medium?.value ?? 'email');
  }

  mediumChanged() {
    const medium = this.current();
    this.draftKey = null;
    if (this.subject) this.subject.hidden = medium !== 'email';
    if (this.files && this.contact) {
      const pdfs = (this.contact.attachments ?? []).filter((a) => a.contentType === 'application/pdf');
      this.files.hidden = medium !== 'fax';
      replace(
        this.files,
        h('legend', { text: 'Fax document' }),
        pdfs.map((a, i) =>
          h(
            'label',
            { class: 'composer-file' },
            h('input', { type: 'checkbox', name: 'attachment', value: a.id, checked: i === 0 }),
            ` ${a.filename}`,
          ),
        ),
      );
    }
    void this.loadTemplates();
  }

  async loadTemplates() {
    if (!this.template || !this.contact) return;
    const medium = this.current();
    const query = new URLSearchParams({ language: this.contact.language, medium });
    try {
      const { items } = /** @type {{ items: ReplyTemplate[] }} */ (await api(`/reply-templates?${query}`));
      if (this.current() !== medium) return;
      this.templates = items;
      replace(
        this.template,
        h('option', { value: '', text: items.length ? 'No template' : 'No templates' }),
        items.map((t) => h('option', { value: t.id, text: t.name })),
      );
    } catch (error) {
      if (this.error) this.error.textContent = `Templates: ${errorText(error)}`;
    }
  }

  /** Fills subject and text from the template; the server renders the placeholders when sent as is. */
  useTemplate() {
    const chosen = (this.templates ?? []).find((t) => t.id === this.template?.value);
    this.draftKey = null;
    if (!chosen || !this.body || !this.subject) return;
    // Left empty, the server renders the template's own text for this contact.
    this.body.value = '';
    this.subject.value = '';
    this.body.placeholder = chosen.body;
    this.subject.placeholder = chosen.subject ?? 'Subject';
  }

  async submit() {
    if (!this.contact || !this.body || !this.send || !this.error || !this.subject) return;
    const medium = this.current();
    const templateId = this.template?.value || undefined;
    const body = this.body.value.trim() || undefined;
    const subject = medium === 'email' ? this.subject.value.trim() || undefined : undefined;
    const attachmentIds =
      medium === 'fax'
        ? [...this.root.querySelectorAll('input[name="attachment"]:checked')].map(
            (el) => /** @type {HTMLInputElement} */ (el).value,
          )
        : undefined;
    this.draftKey ??= crypto.randomUUID();
    this.error.textContent = '';
    this.send.disabled = true;
    try {
      await api(`/contacts/${encodeURIComponent(this.contact.id)}/replies`, {
        method: 'POST',
        headers: { 'Idempotency-Key': this.draftKey },
        body: { medium, body, subject, templateId, attachmentIds },
      });
      this.draftKey = null;
      this.body.value = '';
      this.subject.value = '';
      if (this.template) this.template.value = '';
      this.body.placeholder = 'Write your reply…';
      this.subject.placeholder = 'Subject';
      toast('Reply queued', 'info');
      this.onSent();
    } catch (error) {
      this.error.textContent = errorText(error);
    } finally {
      this.send.disabled = false;
    }
  }
}
