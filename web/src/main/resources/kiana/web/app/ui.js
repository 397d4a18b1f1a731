// Small shared pieces of the pages: notices, the "not available" state, signature badges.
import { h, navLink, shortId } from './dom.js';
import { t } from './i18n.js';
import { isUnavailable } from './api.js';

export function notice(kind, text) {
  return h('p', { class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** The panel a page shows when this node's API lacks the feature (it answered 404). */
export function unavailable(feature) {
  return h('div', { class: 'notice unavailable', role: 'status', 'data-unavailable': feature },
    h('strong', {}, t('unavailable.title')), ' ', t('unavailable.text', { feature: t(feature) }));
}

/** An error message for the user; "not available" for missing routes. */
export function errorNotice(e, feature) {
  if (isUnavailable(e) && feature) return unavailable(feature);
  if (e && e.code === 'offline') return notice('error', t('error.offline'));
  return notice('error', t('error.generic', { message: e?.message || String(e) }));
}

/**
 * The signature status of a block: "verified, signed by <device>", "invalid", "superseded",
 * "retracted". status is the API's word, signer a display device ID.
 */
export function signatureBadge(status, signer) {
  const known = ['verified', 'valid', 'invalid', 'superseded', 'retracted'];
  const s = status === 'valid' ? 'verified' : known.includes(status) ? status : 'unknown';
  const text = s === 'verified' && signer ? t('sig.verifiedBy', { device: signer }) : t('sig.' + s);
  return h('span', { class: 'badge sig-' + s, 'data-signature': s }, text);
}

export function blockLink(id, text) {
  return navLink('/blocks/' + id, { class: 'block-link' }, text ?? shortId(id));
}

/** A 1..5 star rating control; onRate(value) returns a promise. */
export function stars(current, onRate, label) {
  const group = h('div', { class: 'stars', role: 'group', 'aria-label': label });
  const paint = (v) => [...group.children].forEach((b, i) => b.setAttribute('aria-pressed', String(i < v)));
  for (let v = 1; v <= 5; v++) {
    group.append(h('button', { type: 'button', class: 'star', 'aria-label': t('rate.stars', { n: v }), 'data-value': v,
      on: { click: async () => { await onRate(v); paint(v); } } }, '★'));
  }
  paint(current || 0);
  return group;
}

export function busy(button, promise) {
  button.disabled = true;
  return promise.finally(() => { button.disabled = false; });
}

const SVG = 'http://www.w3.org/2000/svg';
const ICONS = {
  mic: [['rect', { x: 9, y: 2, width: 6, height: 12, rx: 3 }],
    ['path', { d: 'M5 11a7 7 0 0 0 14 0M12 18v4M8 22h8', fill: 'none', stroke: 'currentColor', 'stroke-width': 2 }]],
  up: [['path', { d: 'M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.8-4.2a2 2 0 0 0-3.5-1.6L8 10z' }]],
};

/** A small inline SVG icon drawn from the shapes above; decorative, so hidden from AT. */
export function icon(name, flip = false) {
  const svg = document.createElementNS(SVG, 'svg');
  const attrs = { viewBox: '0 0 24 24', width: 18, height: 18, fill: 'currentColor', 'aria-hidden': 'true', class: 'icon' };
  if (flip) attrs.transform = 'rotate(180)';
  for (const [k, v] of Object.entries(attrs)) svg.setAttribute(k, String(v));
  for (const [tag, shape] of ICONS[name]) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(shape)) el.setAttribute(k, String(v));
    svg.append(el);
  }
  return svg;
}
