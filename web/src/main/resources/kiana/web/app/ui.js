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
