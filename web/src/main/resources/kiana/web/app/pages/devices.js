// Devices: this node, the ledger's devices and validators, the peers (when the sync API exists)
// with pairing by code and revoke.
import { h, field, formatDate } from '../dom.js';
import { t, language } from '../i18n.js';
import { api, request, isUnavailable } from '../api.js';
import { errorNotice, notice, unavailable } from '../ui.js';

export async function render(root) {
  root.append(h('h1', {}, t('devices.title')));
  const [stats, validators, peers] = await Promise.all([
    api('/api/v1/stats').catch((e) => e),
    api('/api/v1/ledger/validators').catch((e) => e),
    api('/api/v1/peers').catch((e) => e),
  ]);
  root.append(thisDevice(stats));
  root.append(peerSection(peers, validators));
  root.append(validatorSection(validators));
}

function thisDevice(stats) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'me-h' }, h('h2', { id: 'me-h' }, t('devices.this')));
  if (stats instanceof Error) return card.appendChild(errorNotice(stats)).parentNode;
  card.append(h('dl', { class: 'facts', id: 'this-device' },
    h('dt', {}, t('devices.id')), h('dd', {}, h('code', { class: 'wrap' }, stats.deviceIdDisplay)),
    h('dt', {}, t('devices.version')), h('dd', {}, stats.version),
    h('dt', {}, t('devices.uptime')), h('dd', {}, t('devices.seconds', { n: stats.uptimeSeconds })),
    h('dt', {}, t('devices.blocks')), h('dd', {}, String(stats.store.blocks)),
    h('dt', {}, t('devices.store')), h('dd', {}, `${stats.store.backend}, ${(stats.store.bytes / 1048576).toFixed(1)} MB`)));
  return card;
}

function validatorSection(v) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'val-h' }, h('h2', { id: 'val-h' }, t('devices.ledger')));
  if (v instanceof Error) return card.appendChild(errorNotice(v, 'feature.ledger')).parentNode;
  card.append(h('p', { class: 'muted' }, t('devices.ledgerHeight', { n: v.height })),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['devices.name', 'devices.role', 'devices.id', 'devices.lastSealed'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, v.validators.map((d) => h('tr', {}, h('td', {}, d.name), h('td', {}, t('role.' + d.role)),
        h('td', {}, h('code', {}, d.display)), h('td', {}, d.lastSealed < 0 ? '—' : String(d.lastSealed))))))));
  return card;
}

function peerSection(peers, validators) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'peers-h', id: 'peers' }, h('h2', { id: 'peers-h' }, t('devices.peers')));
  if (isUnavailable(peers)) {
    card.append(unavailable('feature.peers'));
    return card;
  }
  if (peers instanceof Error) return card.appendChild(errorNotice(peers)).parentNode;
  const list = Array.isArray(peers) ? peers : peers.peers || [];
  const cols = ['devices.name', 'devices.state', 'devices.address', 'devices.connection', 'devices.rtt', 'devices.lastSync', 'devices.blocks', ''];
  card.append(list.length ? h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, k ? t(k) : h('span', { class: 'sr' }, t('devices.actions')))))),
    h('tbody', {}, list.map((p) => h('tr', {},
      h('td', {}, p.name || p.display || p.device),
      h('td', {}, h('span', { class: 'badge ' + (online(p) ? 'sig-verified' : 'sig-unknown') }, p.state || t(online(p) ? 'devices.online' : 'devices.offline'))),
      h('td', {}, p.address || '—'), h('td', {}, p.connection || '—'), h('td', {}, p.rttMs != null ? p.rttMs + ' ms' : '—'),
      h('td', {}, p.lastSync ? formatDate(p.lastSync, language()) : '—'),
      h('td', {}, p.blocksIn != null ? t('devices.inOut', { in: p.blocksIn, out: p.blocksOut ?? 0 }) : p.blocks != null ? String(p.blocks) : '—'),
      h('td', {}, h('button', { type: 'button', class: 'danger', on: { click: () => revoke(p) } }, t('devices.revoke')))))))) : h('p', { class: 'muted' }, t('network.alone')));
  card.append(pairing());
  return card;
}

export function online(p) {
  return p.online === true || ['connected', 'online', 'syncing', 'synced'].includes(p.state);
}

/** Revokes on the ledger: through the devices route where the node has it, else a ledger intent. */
async function revoke(p) {
  const device = p.device || p.id;
  if (!confirm(t('devices.revokeConfirm', { name: p.name || device }))) return;
  const reason = 'revoked in the web app';
  try {
    await api(`/api/v1/devices/${device}/revoke`, { method: 'POST', body: { reason } });
  } catch (e) {
    if (!isUnavailable(e)) throw e;
    await api('/api/v1/ledger/transactions', { method: 'POST', body: { type: 'device-revoked', device, reason } });
  }
  location.reload();
}

/** The text as a QR code image drawn by the node (fetched with the API's credentials). */
export async function qr(text) {
  try {
    const res = await request('/api/v1/qr?text=' + encodeURIComponent(text));
    const url = URL.createObjectURL(await res.blob());
    return h('img', { src: url, alt: t('devices.pairQr'), width: 200, height: 200, class: 'qr', id: 'pair-qr' });
  } catch {
    return null; // the code as text is enough to pair
  }
}

/** Pairing: show this node's code (and QR, when the node renders one) or enter another's code. */
function pairing() {
  const box = h('div', { class: 'pairing' }, h('h3', {}, t('devices.pair')));
  const offer = h('div', { role: 'status', 'aria-live': 'polite' });
  const code = h('input', { id: 'pair-code', autocomplete: 'off', inputmode: 'text' });
  const form = h('form', { class: 'inline' }, field(t('devices.pairCode'), code), h('button', { type: 'submit' }, t('devices.pairJoin')));
  box.append(h('button', { type: 'button', on: { click: async () => {
    try {
      const o = await api('/api/v1/pairing', { method: 'POST', body: {} });
      offer.replaceChildren(h('p', {}, t('devices.pairShow')), h('p', { class: 'pair-code', id: 'pair-offer' }, o.code),
        o.expires ? h('p', { class: 'muted' }, t('devices.pairExpires', { time: formatDate(o.expires, language()) })) : null,
        await qr(o.qr || o.code));
    } catch (e) { offer.replaceChildren(errorNotice(e, 'feature.pairing')); }
  } } }, t('devices.pairStart')), offer, form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/api/v1/pairing/join', { method: 'POST', body: { code: code.value.trim() } });
      offer.replaceChildren(notice('ok', t('devices.paired')));
    } catch (err) { offer.replaceChildren(errorNotice(err, 'feature.pairing')); }
  });
  return box;
}
