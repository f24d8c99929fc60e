// Builds DOM nodes. Every piece of data goes in as a text node or an attribute value, never as
// markup: contacts come from strangers, so nothing in the console ever parses data as HTML.

/**
 * h('div', { class: 'card', text: 'Hello' }, child, 'more text')
 * Props: class, text, dataset, on<event> handlers, boolean attributes (true/false), other attributes.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Appends nodes and strings (as text), skipping null, undefined and false. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children; like append, null/undefined/false are skipped (never "null"). */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
}

/** A short message in the corner, gone after a few seconds. */
export function toast(message, kind = 'info') {
  const box = byId('toasts');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', text: message });
  box.append(item);
  // Only the latest few: a burst of offers must not bury the screen.
  while (box.childElementCount > 3) box.firstElementChild.remove();
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4500);
}
