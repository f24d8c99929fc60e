// Who the customer is, beside the contact: the person (with the do-not-contact mark) and their
// account (segment, market-planning fields, relationship owner), their other contacts on every
// medium and the account's leads; a supervisor edits the account here. Above it, a search over
// GET /contacts?q= (name, e-mail, phone in any format, company).

import { ApiError, api } from './api.js';
import { byId, h, replace, toast } from './dom.js';
import { MEDIUM_LABELS, ROUTE_LABELS, errorText, formatDateTime, label } from './format.js';

/** @import { Contact, ContactSummary, CustomerAccount, PersonRecord } from './types.js' */

/** The account fields a supervisor edits here, with their labels and limits. */
const ACCOUNT_FIELDS = /** @type {const} */ ([
  ['segment', 'Segment', 32],
  ['industry', 'Industry', 64],
  ['size', 'Size', 32],
  ['region', 'Region', 64],
  ['relationshipOwnerId', 'Relationship owner (user id)', 36],
]);

export class CustomerPanel {
  /** @param {{ open: (contactId: string) => void }} actions */
  constructor(actions) {
    this.actions = actions;
    this.root = byId('customer-panel');
    this.body = byId('customer-body');
    this.results = byId('contact-search-results');
    /** Whether the user may edit accounts and lift do-not-contact (supervisor, admin). */
    this.oversees = false;
    /** @type {Contact | null} */
    this.contact = null;
    const form = /** @type {HTMLFormElement} */ (byId('contact-search'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = /** @type {HTMLInputElement} */ (form.elements.namedItem('q'));
      void this.search(input.value.trim());
    });
  }

  /** @param {boolean} oversees */
  setOversees(oversees) {
    this.oversees = oversees;
  }

  /** @param {string} q */
  async search(q) {
    if (!q) return replace(this.results);
    try {
      const page = /** @type {{ items: ContactSummary[] }} */ (
        await api(`/contacts?q=${encodeURIComponent(q)}&limit=20`)
      );
      replace(
        this.results,
        ...(page.items.length === 0
          ? [h('li', { class: 'empty', text: 'No contact matches.' })]
          : page.items.map((c) => this.contactItem(c))),
      );
    } catch (error) {
      replace(this.results, h('li', { class: 'form-error', text: errorText(error) }));
    }
  }

  showEmpty() {
    this.contact = null;
    replace(this.body, h('p', { class: 'empty', text: 'Open a contact to see who the customer is.' }));
  }

  /** @param {Contact} contact */
  async show(contact) {
    this.contact = contact;
    replace(this.body, h('p', { class: 'muted small', text: 'Loading the customer…' }));
    const [person, account] = await Promise.all([
      contact.personId ? this.read(`/people/${contact.personId}`) : null,
      contact.customerId ? this.read(`/customers/${contact.customerId}`) : null,
    ]);
    if (this.contact !== contact) return; // another contact was opened meanwhile
    this.render(contact, /** @type {PersonRecord | null} */ (person), /** @type {CustomerAccount | null} */ (account));
  }

  /**
   * A read that may be out of the user's scope (404): shown as nothing rather than an error.
   * @param {string} path
   */
  async read(path) {
    try {
      return await api(path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      toast(`Cannot load the customer: ${errorText(error)}`, 'error');
      return null;
    }
  }

  /**
   * @param {Contact} contact
   * @param {PersonRecord | null} person
   * @param {CustomerAccount | null} account
   */
  render(contact, person, account) {
    const others = (person?.contacts ?? account?.contacts ?? []).filter((c) => c.id !== contact.id);
    replace(
      this.body,
      person ? this.personSection(person) : h('p', { class: 'muted small', text: 'No person is known yet.' }),
      account ? this.accountSection(account) : h('p', { class: 'muted small', text: 'No account (company) is known.' }),
      h('h3', { text: 'Other contacts' }),
      others.length > 0
        ? h('ul', { class: 'customer-contacts' }, ...others.map((c) => this.contactItem(c)))
        : h('p', { class: 'empty', text: 'No other contacts.' }),
      account?.leads?.length
        ? [
            h('h3', { text: 'Leads' }),
            h(
              'ul',
              { class: 'customer-leads' },
              ...account.leads.map((lead) =>
                h('li', { text: `${lead.maturity} · ${label(ROUTE_LABELS, lead.route)}` }),
              ),
            ),
          ]
        : null,
    );
  }

  /** @param {PersonRecord} person */
  personSection(person) {
    const toggle = person.doNotContact
      ? this.oversees
        ? h('button', {
            type: 'button',
            class: 'secondary small-button',
            text: 'Lift do-not-contact',
            onclick: () => void this.setDoNotContact(person, false),
          })
        : null
      : h('button', {
          type: 'button',
          class: 'danger small-button',
          text: 'Mark do-not-contact',
          onclick: () => void this.setDoNotContact(person, true),
        });
    return h(
      'section',
      { class: 'customer-person' },
      h(
        'div',
        { class: 'customer-line' },
        h('strong', { class: 'customer-person-name', text: person.name ?? person.email ?? person.phone ?? 'Unnamed' }),
        person.doNotContact ? h('span', { class: 'badge do-not-contact', text: 'Do not contact' }) : null,
      ),
      h('p', { class: 'muted small', text: [person.email, person.phone].filter(Boolean).join(' · ') }),
      toggle,
    );
  }

  /** @param {CustomerAccount} account */
  accountSection(account) {
    const facts = [
      ['Company', account.name],
      ['Segment', account.segment],
      ['Industry', account.industry],
      ['Size', account.size],
      ['Region', account.region],
      ['Relationship owner', account.relationshipOwner?.name ?? account.relationshipOwnerId],
    ];
    return h(
      'section',
      { class: 'customer-account' },
      h(
        'dl',
        { class: 'facts' },
        ...facts.flatMap(([term, value]) => [h('dt', { text: term }), h('dd', { text: value ?? '—' })]),
      ),
      this.oversees ? this.accountForm(account) : null,
    );
  }

  /** @param {CustomerAccount} account */
  accountForm(account) {
    const form = h(
      'form',
      { class: 'customer-form' },
      ...ACCOUNT_FIELDS.map(([name, text, max]) =>
        h(
          'label',
          { class: 'field' },
          h('span', { text }),
          h('input', { name, maxlength: max, value: account[name] ?? '' }),
        ),
      ),
      h('button', { type: 'submit', class: 'secondary small-button', text: 'Save account' }),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      /** @type {Record<string, string | null>} */
      const body = {};
      for (const [name] of ACCOUNT_FIELDS) {
        const input = /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
        const value = input.value.trim() || null;
        if (value !== (account[name] ?? null)) body[name] = value;
      }
      void this.saveAccount(account, body);
    });
    return form;
  }

  /**
   * @param {CustomerAccount} account
   * @param {Record<string, string | null>} body
   */
  async saveAccount(account, body) {
    if (Object.keys(body).length === 0) return;
    try {
      await api(`/customers/${account.id}`, { method: 'PATCH', body });
      toast('Account saved', 'info');
      if (this.contact) await this.show(this.contact);
    } catch (error) {
      toast(`Not saved: ${errorText(error)}`, 'error');
    }
  }

  /**
   * @param {PersonRecord} person
   * @param {boolean} doNotContact
   */
  async setDoNotContact(person, doNotContact) {
    try {
      await api(`/people/${person.id}`, { method: 'PATCH', body: { doNotContact } });
      toast(doNotContact ? 'Marked do-not-contact: nothing outbound will reach them' : 'Do-not-contact lifted', 'info');
      if (this.contact) await this.show(this.contact);
    } catch (error) {
      toast(`Not changed: ${errorText(error)}`, 'error');
    }
  }

  /** @param {ContactSummary} c */
  contactItem(c) {
    const who = c.from.name || c.from.email || c.from.phone || 'Unknown';
    return h(
      'li',
      null,
      h(
        'button',
        { type: 'button', class: 'link-button', onclick: () => this.actions.open(c.id) },
        h('span', { class: 'badge medium', text: label(MEDIUM_LABELS, c.medium) }),
        ` ${who}`,
        c.from.company ? ` · ${c.from.company}` : '',
        h('span', { class: 'muted small', text: ` ${formatDateTime(c.createdAt)}` }),
      ),
    );
  }
}
