// A small modal form (<dialog>) that asks for what a deal change needs before it is sent: the
// reason of a stage move, the amount of a win, the note of a finished back-office task. The
// caller's `submit` sends it; an error answer stays in the dialog (the field named by the API is
// highlighted) so nothing is lost and nothing is half-sent.

import { h, replace } from './dom.js';
import { errorText } from './format.js';
import { ApiError } from './api.js';

/**
 * One field of the dialog's form.
 * @typedef {{
 *   name: string,
 *   label: string,
 *   type?: 'text' | 'textarea' | 'number' | 'date',
 *   required?: boolean,
 *   value?: string,
 *   placeholder?: string,
 *   maxLength?: number,
 * }} DialogField
 */

/**
 * What the dialog asks, and what it does with the answers (resolved: the dialog closes).
 * @typedef {{
 *   title: string,
 *   intro?: string,
 *   fields: DialogField[],
 *   confirm: string,
 *   submit: (values: Record<string, string>) => Promise<unknown>,
 * }} DialogSpec
 */

/**
 * Opens the dialog; resolves true once `submit` succeeded, false when cancelled.
 * @param {DialogSpec} spec
 * @returns {Promise<boolean>}
 */
export function askInDialog(spec) {
  return new Promise((resolve) => {
    const error = h('p', { class: 'form-error', role: 'alert' });
    const controls = spec.fields.map((field) => control(field));
    const cancel = h('button', { type: 'button', class: 'secondary', text: 'Cancel' });
    const confirm = h('button', { type: 'submit', class: 'primary', text: spec.confirm });
    const form = h(
      'form',
      { class: 'deal-dialog-form', method: 'dialog' },
      h('h2', { text: spec.title }),
      spec.intro ? h('p', { class: 'muted small', text: spec.intro }) : null,
      ...controls.map(({ wrapper }) => wrapper),
      error,
      h('div', { class: 'deal-dialog-actions' }, cancel, confirm),
    );
    const dialog = h('dialog', { class: 'deal-dialog', 'aria-label': spec.title }, form);
    document.body.append(dialog);

    /** @param {boolean} done */
    const close = (done) => {
      dialog.close();
      dialog.remove();
      resolve(done);
    };
    cancel.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      /** @type {Record<string, string>} */
      const values = {};
      for (const { field, input } of controls) {
        values[field.name] = input.value.trim();
        input.removeAttribute('aria-invalid');
      }
      confirm.disabled = true;
      error.textContent = '';
      spec
        .submit(values)
        .then(() => close(true))
        .catch((/** @type {unknown} */ e) => {
          error.textContent = errorText(e);
          const fields = e instanceof ApiError ? e.errors.map((f) => f.field) : [];
          for (const { field, input } of controls) {
            if (fields.includes(field.name)) input.setAttribute('aria-invalid', 'true');
          }
        })
        .finally(() => (confirm.disabled = false));
    });
    dialog.showModal();
    controls[0]?.input.focus();
  });
}

/**
 * @param {DialogField} field
 * @returns {{ field: DialogField, input: HTMLInputElement | HTMLTextAreaElement, wrapper: HTMLElement }}
 */
function control(field) {
  const input =
    field.type === 'textarea'
      ? h('textarea', { name: field.name, rows: 3, maxlength: field.maxLength ?? 2000 })
      : h('input', {
          name: field.name,
          type: field.type ?? 'text',
          maxlength: field.type === 'number' || field.type === 'date' ? null : (field.maxLength ?? 500),
          min: field.type === 'number' ? 0 : null,
          step: field.type === 'number' ? 'any' : null,
          inputmode: field.type === 'number' ? 'decimal' : null,
        });
  input.required = field.required ?? false;
  input.value = field.value ?? '';
  if (field.placeholder) input.placeholder = field.placeholder;
  const wrapper = h('label', { class: 'field' }, h('span', { text: field.label }), input);
  return { field, input, wrapper };
}

/**
 * Clears a list and shows one line of error in it.
 * @param {HTMLElement} list
 * @param {string} what
 * @param {unknown} error
 */
export function showLoadError(list, what, error) {
  replace(list, h('li', { class: 'form-error', text: `Cannot load ${what}: ${errorText(error)}` }));
}
