// Network view: this device and the others as a graph; links show state and RTT. Updated live
// from the node's peer event stream while sync runs, otherwise drawn once from the ledger.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, events, isUnavailable, request } from '../api.js';
import { errorNotice, unavailable } from '../ui.js';
import { online } from './devices.js';

const NS = 'http://www.w3.org/2000/svg';
const POLL_MS = 3000;

export async function render(root) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 400 300');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'net-h');
  svg.id = 'network-graph';
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const legend = h('ul', { class: 'legend' });
  root.append(h('h1', { id: 'net-h' }, t('network.title')), status, h('div', { class: 'graph' }, svg), legend);
  let me;
  try {
    me = await api('/api/v1/node');
  } catch (e) {
    status.append(errorNotice(e));
    return;
  }
  const live = new AbortController();
  const show = (body) => draw(svg, legend, me, Array.isArray(body) ? body : body.peers || []);
  try {
    show(await api('/api/v1/peers'));
    follow(live.signal, show);
  } catch (e) {
    if (!isUnavailable(e)) status.append(errorNotice(e));
    else status.append(unavailable('feature.network'));
    const v = await api('/api/v1/ledger/validators').catch(() => ({ validators: [] }));
    draw(svg, legend, me, v.validators.filter((d) => d.device !== me.deviceId).map((d) => ({ device: d.device, name: d.name, online: null })));
  }
  return () => live.abort();
}

// Live: the node's peer event stream (fetch, so the login token goes along; EventSource cannot send
// it). When a stream ends or fails, the list is fetched once and the stream reopened a little later.
async function follow(signal, show) {
  while (!signal.aborted) {
    try {
      const res = await request('/api/v1/peers/events', { signal });
      for await (const { event, data } of events(res)) {
        if (event === 'peers') show(data);
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!signal.aborted) await api('/api/v1/peers').then(show).catch(() => {});
  }
}

function draw(svg, legend, me, peers) {
  svg.replaceChildren();
  const cx = 200, cy = 150, r = 110;
  const nodes = peers.map((p, i) => {
    const a = (2 * Math.PI * i) / Math.max(peers.length, 1) - Math.PI / 2;
    return { ...p, x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) };
  });
  for (const n of nodes) {
    const line = el('line', { x1: cx, y1: cy, x2: n.x, y2: n.y, class: 'link ' + (online(n) ? 'up' : n.online === null ? 'unknown' : 'down') });
    svg.append(line);
    // Beside the link's middle, not on it; tenths of a millisecond are enough.
    if (n.rttMs != null) svg.append(el('text', { x: (cx + n.x) / 2 + 8, y: (cy + n.y) / 2 - 4, class: 'rtt' }, ms(n.rttMs)));
  }
  svg.append(el('circle', { cx, cy, r: 22, class: 'node me' }), el('text', { x: cx, y: cy + 38, class: 'label' }, t('network.me')));
  for (const n of nodes) {
    svg.append(el('circle', { cx: n.x, cy: n.y, r: 16, class: 'node ' + (online(n) ? 'up' : 'down') }),
      el('text', { x: n.x, y: n.y + 30, class: 'label' }, n.name || String(n.device).slice(0, 8)));
  }
  legend.replaceChildren(h('li', {}, t('network.me') + ': ' + me.deviceIdDisplay),
    ...nodes.map((n) => h('li', {}, `${n.name || n.device}: ${n.state || (online(n) ? t('devices.online') : n.online === null ? t('network.unknown') : t('devices.offline'))}${n.rttMs != null ? ', ' + ms(n.rttMs) : ''}`)));
  if (!nodes.length) legend.append(h('li', { class: 'muted' }, t('network.alone')));
}

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

function ms(value) {
  return Math.round(value * 10) / 10 + ' ms';
}
