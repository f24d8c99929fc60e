// Business hours on the supervisor's page: the time zone, local opening ranges per day and the
// holidays every SLA counts in. Supervisors read them; admins edit them (PUT /business-hours).
// The server checks the calendar and names the wrong field; the form shows its messages.

import { api, ApiError } from './api.js';
import { byId, control, h, replace, toast } from './dom.js';
import { errorText, formatDateTime } from './format.js';

/** @import { FieldError } from './types.js' */

/**
 * @typedef {'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'} Weekday
 * @typedef {{ timezone: string, weekly: Record<Weekday, [string, string][]>, holidays: string[],
 *   configured: boolean, updatedAt: string | null }} BusinessHours
 */

/** @type {readonly [Weekday, string][]} */
const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

/**
 * "09:00-12:00, 13:00-18:00" as ranges; the server checks the times themselves.
 * @param {string} text
 * @returns {[string, string][]}
 */
export function parseRanges(text) {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split('-').map((s) => s.trim());
      return [start, end];
    });
}

/** @param {readonly [string, string][]} ranges */
const formatRanges = (ranges) => ranges.map(([start, end]) => `${start}-${end}`).join(', ');

export class BusinessHoursPanel {
  constructor() {
    this.root = byId('business-hours-panel');
    this.editable = false;
  }

  /** @param {boolean} editable whether the user may change the hours (admins) */
  async show(editable) {
    this.editable = editable;
    this.root.hidden = false;
    try {
      this.render(/** @type {BusinessHours} */ (await api('/business-hours')));
    } catch (error) {
      replace(this.root, h('h2', { text: 'Business hours' }), h('p', { class: 'form-error', text: errorText(error) }));
    }
  }

  /** @param {BusinessHours} hours */
  render(hours) {
    const disabled = !this.editable;
    const form = h(
      'form',
      { id: 'business-hours-form', class: 'business-hours-form', novalidate: true },
      h(
        'label',
        {},
        'Time zone ',
        h('input', { name: 'timezone', value: hours.timezone, disabled, required: true, placeholder: 'Asia/Tokyo' }),
      ),
      DAYS.map(([day, name]) =>
        h(
          'label',
          {},
          `${name} `,
          h('input', {
            name: `weekly.${day}`,
            value: formatRanges(hours.weekly[day] ?? []),
            disabled,
            placeholder: 'closed, or 09:00-12:00, 13:00-18:00',
          }),
        ),
      ),
      h(
        'label',
        {},
        'Holidays ',
        h('input', { name: 'holidays', value: hours.holidays.join(', '), disabled, placeholder: '2027-01-01, …' }),
      ),
      h('p', { id: 'business-hours-errors', class: 'form-error', role: 'alert' }),
      this.editable ? h('button', { type: 'submit', class: 'primary', text: 'Save business hours' }) : null,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save(form);
    });
    const state = hours.configured
      ? `Set ${hours.updatedAt ? formatDateTime(hours.updatedAt) : ''}; SLAs count these hours only.`
      : 'Not set: open around the clock, SLAs count every hour.';
    replace(this.root, h('h2', { text: 'Business hours' }), h('p', { class: 'muted small', text: state }), form);
  }

  /** @param {HTMLFormElement} form */
  async save(form) {
    /** @type {Partial<Record<Weekday, [string, string][]>>} */
    const weekly = {};
    for (const [day] of DAYS) weekly[day] = parseRanges(control(form, `weekly.${day}`).value);
    const body = {
      timezone: control(form, 'timezone').value.trim(),
      weekly,
      holidays: control(form, 'holidays')
        .value.split(/[\s,]+/)
        .filter(Boolean),
    };
    const errors = byId('business-hours-errors');
    try {
      this.render(/** @type {BusinessHours} */ (await api('/business-hours', { method: 'PUT', body })));
      toast('Business hours saved');
    } catch (error) {
      /** @type {FieldError[]} */
      const fields = error instanceof ApiError ? error.errors : [];
      errors.textContent = fields.length ? fields.map((f) => `${f.field}: ${f.message}`).join('\n') : errorText(error);
    }
  }
}
