// Building DOM nodes. Text is always a text node, never parsed as HTML: untrusted data (block
// content from other devices) can only ever become text. Event handlers are functions under `on`.

/** h('a', {class: 'x', on: {click: fn}}, 'text', child) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      el[key] = value;
    } else if (/^on/i.test(key) || key === 'innerHTML' || key === 'srcdoc') {
      throw new Error('refusing to set ' + key + ' as an attribute');
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Only http(s) URLs (absolute or relative to this node) survive; anything else is null. */
export function safeUrl(raw) {
  try {
    const url = new URL(String(raw), location.origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A link inside the app: navigates with the router instead of reloading. */
export function navLink(path, props, ...children) {
  return h('a', { ...props, href: path, 'data-nav': true }, ...children);
}

export function shortId(hex) {
  return typeof hex === 'string' ? hex.slice(0, 10) : '';
}

let uid = 0;
/** A labelled form control: label element bound to the control by a fresh id. */
export function field(labelText, control, hint) {
  if (!control.id) control.id = 'f' + ++uid;
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}

/** A block's HLC time ("…Z-0004": the counter after the instant is dropped) or an ISO instant. */
export function formatDate(iso, lang) {
  const d = new Date(String(iso ?? '').replace(/Z-\d+$/, 'Z'));
  return isNaN(d) ? String(iso ?? '') : d.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}
