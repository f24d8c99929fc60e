// Builds DOM nodes. Every piece of data goes in as a text node or an attribute value, never as
// markup: contacts come from strangers, so nothing in the console ever parses data as HTML.

/** @import { Child } from './types.js' */

/**
 * Props: class, text, dataset, on<event> handlers, boolean attributes (true/false), other attributes.
 * @typedef {{
 *   class?: string | null,
 *   text?: unknown,
 *   dataset?: Record<string, string>,
 *   [attribute: string]: unknown,
 * }} Props
 */

/**
 * h('div', { class: 'card', text: 'Hello' }, child, 'more text')
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = asText(value);
    else if (key === 'text') el.textContent = asText(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, asText(value));
  }
  append(el, children);
  return el;
}

/**
 * A prop or a child as text: props and children are strings, numbers and booleans (only `dataset`
 * is an object, and it never gets here).
 * @param {unknown} value
 */
function asText(value) {
  return String(value);
}

/**
 * Appends nodes and strings (as text), skipping null, undefined and false.
 * @template {Element} E
 * @param {E} el
 * @param {readonly Child[]} children
 * @returns {E}
 */
export function append(el, children) {
  for (const child of /** @type {readonly unknown[]} */ (children).flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(asText(child)));
  }
  return el;
}

/**
 * Replaces an element's children; like append, null/undefined/false are skipped (never "null").
 * @template {Element} E
 * @param {E} el
 * @param {Child[]} children
 * @returns {E}
 */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * An element of index.html, of the type the caller expects (`byId(id, HTMLFormElement)` checks it).
 * @template {HTMLElement} [E=HTMLElement]
 * @param {string} id
 * @param {new () => E} [type]
 * @returns {E}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  if (type && !(el instanceof type)) throw new Error(`#${id} is not a ${type.name}`);
  return /** @type {E} */ (el);
}

/**
 * A named control of one of index.html's forms (an input, a select or a textarea).
 * @param {HTMLFormElement} form
 * @param {string} name
 */
export function control(form, name) {
  return /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */ (form.elements.namedItem(name));
}

/**
 * A short message in the corner, gone after a few seconds.
 * @param {string} message
 * @param {'info' | 'warn' | 'error'} [kind]
 */
export function toast(message, kind = 'info') {
  const box = byId('toasts');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', text: message });
  box.append(item);
  // Only the latest few: a burst of offers must not bury the screen.
  while (box.childElementCount > 3) box.firstElementChild?.remove();
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4500);
}
