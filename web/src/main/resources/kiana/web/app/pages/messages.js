// Messages: end-to-end encrypted notes between the user's own devices. A form sends one to a
// device of the ledger or the peer list; inbox and sent messages are listed newest first with
// their delivery state, re-read while the page is open (a message arrives whenever the two
// devices sync).
import { h, field, formatDate } from '../dom.js';
import { t, language } from '../i18n.js';
import { api } from '../api.js';
import { errorNotice, notice } from '../ui.js';

const POLL_MS = 5000;
const MAX_TEXT = 32768; // bytes, as the node checks it
const STATES = ['received', 'pending', 'sent', 'delivered', 'expired'];

export async function render(root) {
  root.append(h('h1', {}, t('messages.title')));
  const [me, validators, peers] = await Promise.all([
    api('/api/v1/node').catch((e) => e),
    api('/api/v1/ledger/validators').catch(() => ({ validators: [] })),
    api('/api/v1/peers').catch(() => ({ peers: [] })),
  ]);
  if (me instanceof Error) {
    root.append(errorNotice(me, 'feature.messages'));
    return;
  }
  const devices = knownDevices(me.deviceId, validators, peers);
  const box = inbox(devices);
  root.append(sendForm(devices, box.reload), box.card);
  await box.reload();
  const timer = setInterval(() => { if (!document.hidden) box.reload(); }, POLL_MS);
  return () => clearInterval(timer);
}

/** The user's other devices by ID: name as the devices page shows it, from peers and the ledger. */
function knownDevices(self, validators, peers) {
  const byId = new Map();
  const add = (id, name, display) => {
    if (!id || id === self) return;
    const old = byId.get(id);
    byId.set(id, { id, name: old?.name || name || null, display: old?.display || display || id.slice(0, 16) });
  };
  for (const p of Array.isArray(peers) ? peers : peers.peers || []) add(p.device || p.id, p.name, p.display);
  for (const v of validators.validators || []) add(v.device, v.name, v.display);
  return byId;
}

/** The first two groups of a display ID: enough to tell two devices of the same name apart. */
function short(display) {
  const parts = String(display).split('-');
  return parts.length > 2 ? parts.slice(0, 2).join('-') + '…' : String(display);
}

function label(devices, id, display) {
  const d = devices.get(id);
  return d?.name || d?.display || display || String(id).slice(0, 16);
}

function sendForm(devices, reload) {
  const to = h('select', { id: 'msg-to', name: 'to', required: true },
    [...devices.values()]
      .sort((a, b) => (a.name || a.display).localeCompare(b.name || b.display))
      .map((d) => h('option', { value: d.id }, d.name ? `${d.name} (${short(d.display)})` : d.display)));
  const text = h('textarea', { id: 'msg-text', name: 'text', rows: 3, 'aria-required': 'true' });
  const button = h('button', { type: 'submit', id: 'msg-send' }, t('messages.send'));
  const result = h('div', { role: 'status', 'aria-live': 'polite', id: 'msg-result' });
  const form = h('form', { class: 'card', id: 'msg-form', 'aria-labelledby': 'msg-new-h' },
    h('h2', { id: 'msg-new-h' }, t('messages.new')));
  if (!devices.size) {
    form.append(h('p', { class: 'muted', id: 'msg-no-devices' }, t('messages.noDevices'), ' ',
      h('a', { href: '/devices', 'data-nav': true }, t('messages.pairLink'))));
    return form;
  }
  form.append(field(t('messages.to'), to), field(t('messages.text'), text, t('messages.textHint')),
    h('div', { class: 'actions' }, button), result);
  const invalid = (control, on) => control.setAttribute('aria-invalid', String(on));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    invalid(to, false);
    invalid(text, false);
    const body = { to: to.value, text: text.value };
    if (!body.text.trim()) {
      invalid(text, true);
      result.replaceChildren(notice('error', t('messages.textMissing')));
      text.focus();
      return;
    }
    if (new TextEncoder().encode(body.text).length > MAX_TEXT) {
      invalid(text, true);
      result.replaceChildren(notice('error', t('messages.tooLong')));
      text.focus();
      return;
    }
    button.disabled = true;
    try {
      await api('/api/v1/messages', { method: 'POST', body });
      result.replaceChildren(notice('ok', t('messages.sent', { name: label(devices, body.to) })));
      text.value = '';
      await reload();
    } catch (err) {
      if (err.field === 'to') invalid(to, true);
      if (err.field === 'text') invalid(text, true);
      // The two refusals a user can act on get their own words; anything else shows the node's.
      const known = { unknown_device: 'messages.unknownDevice', recipient_key_unknown: 'messages.keyUnknown' }[err.code];
      result.replaceChildren(known ? notice('error', t(known, { name: label(devices, body.to) })) : errorNotice(err, 'feature.messages'));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function inbox(devices) {
  const show = h('select', { id: 'msg-filter' },
    h('option', { value: '' }, t('messages.all')),
    h('option', { value: 'in' }, t('messages.inbox')),
    h('option', { value: 'out' }, t('messages.outbox')));
  const refresh = h('button', { type: 'button', id: 'msg-refresh' }, t('messages.refresh'));
  const list = h('div', { id: 'msg-list', 'aria-live': 'polite' });
  const card = h('section', { class: 'card', 'aria-labelledby': 'msg-list-h' }, h('h2', { id: 'msg-list-h' }, t('messages.list')),
    h('form', { class: 'inline msg-tools', on: { submit: (e) => e.preventDefault() } }, field(t('messages.show'), show), h('div', { class: 'actions' }, refresh)),
    list);
  let loading = null;
  let again = false; // asked again while loading (another filter): load once more after this one
  let shown = null; // what the list shows: redrawn only when it changed, so the live region stays quiet
  const reload = () => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        await load();
      } while (again);
    })().finally(() => { loading = null; });
    return loading;
  };
  async function load() {
    let page;
    try {
      page = await api('/api/v1/messages?limit=100' + (show.value ? '&direction=' + show.value : ''));
    } catch (e) {
      list.replaceChildren(errorNotice(e, 'feature.messages'));
      shown = null;
      return;
    }
    const now = show.value + '|' + page.messages.map((m) => m.id + m.state).join(',');
    if (now === shown) return;
    shown = now;
    if (!page.messages.length) {
      list.replaceChildren(h('p', { class: 'muted', id: 'msg-empty' }, t(show.value ? 'messages.noneHere' : 'messages.none')));
      return;
    }
    list.replaceChildren(...page.messages.map((m) => item(devices, m)));
  }
  show.addEventListener('change', reload);
  refresh.addEventListener('click', reload);
  return { card, reload };
}

function item(devices, m) {
  const incoming = m.direction === 'in';
  const who = label(devices, m.peer, m.peerDisplay);
  const state = STATES.includes(m.state) ? m.state : 'unknown';
  const badge = { received: 'sig-verified', delivered: 'sig-verified', sent: 'sig-unknown', pending: 'sig-unknown', expired: 'sig-invalid' }[state] || 'sig-unknown';
  return h('article', { class: 'block-item message ' + (incoming ? 'in' : 'out'), 'data-id': m.id, 'data-state': state },
    h('div', { class: 'meta' },
      h('span', { class: 'badge type' }, t(incoming ? 'messages.from' : 'messages.toDevice', { name: who })),
      h('time', { datetime: m.created }, formatDate(m.created, language())),
      h('span', { class: 'badge ' + badge, 'data-delivery': state },
        state === 'delivered' && m.delivered ? t('messages.deliveredAt', { time: formatDate(m.delivered, language()) }) : t('delivery.' + state))),
    h('p', { class: 'message-text' }, m.text));
}
