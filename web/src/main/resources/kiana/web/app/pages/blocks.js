// Block viewer: filters (type, tag, author, text, date range, state), cursor pagination (each
// page is one indexed query, so it stays fast with 100,000 blocks), list or timeline view.
import { h, field, navLink, shortId, formatDate } from '../dom.js';
import { t, language } from '../i18n.js';
import { api } from '../api.js';
import { errorNotice } from '../ui.js';

const TYPES = ['fact', 'note', 'memory', 'chunk', 'chat', 'rating', 'retraction'];
const PAGE = 50;

export async function render(root, _params, query) {
  const input = (name, type = 'text', props = {}) => h('input', { name, type, value: query.get(name) ?? '', ...props });
  const typeSelect = h('select', { name: 'type' }, h('option', { value: '' }, t('blocks.anyType')),
    TYPES.map((ty) => h('option', { value: ty, selected: query.get('type') === ty }, t('type.' + ty))));
  const state = h('select', { name: 'state' },
    h('option', { value: 'live' }, t('blocks.stateLive')),
    h('option', { value: 'all', selected: query.get('state') === 'all' }, t('blocks.stateAll')));
  const view = h('select', { name: 'view' },
    h('option', { value: 'list' }, t('blocks.viewList')),
    h('option', { value: 'timeline', selected: query.get('view') === 'timeline' }, t('blocks.viewTimeline')));
  // On a phone the filters beyond text fold away (open when one of them is in use).
  const more = [...query.keys()].some((k) => k !== 'q');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('blocks.filters') },
    h('div', { class: 'filter-main' }, field(t('blocks.text'), input('q', 'search', { id: 'filter-q' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'filter-apply' }, t('blocks.apply')))),
    h('details', { class: 'filter-more', open: more || matchMedia('(min-width: 701px)').matches },
      h('summary', {}, t('blocks.moreFilters')),
      h('div', { class: 'filter-grid' },
        field(t('blocks.type'), typeSelect),
        field(t('blocks.tag'), input('tag')),
        field(t('blocks.author'), input('author', 'text', { placeholder: t('blocks.authorHint') })),
        field(t('blocks.from'), input('from', 'date')),
        field(t('blocks.to'), input('to', 'date')),
        field(t('blocks.state'), state),
        field(t('blocks.view'), view))));
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { class: 'block-list', id: 'block-list' });
  const moreButton = h('button', { type: 'button', id: 'load-more', hidden: true }, t('blocks.more'));
  root.append(h('h1', {}, t('blocks.title')), form, status, list, moreButton);

  let next = null;
  let shown = 0;
  let lastDay = null;
  const timeline = () => view.value === 'timeline';

  function apiQuery(cursor) {
    const p = new URLSearchParams();
    const data = new FormData(form);
    for (const key of ['q', 'type', 'tag', 'author', 'state']) {
      const v = String(data.get(key) || '').trim();
      if (v && !(key === 'state' && v === 'live')) p.set(key, v);
    }
    // Dates are whole days in the user's time zone: from its start to the end of the "to" day.
    const from = data.get('from');
    const to = data.get('to');
    if (from) p.set('from', new Date(from + 'T00:00:00').toISOString());
    if (to) p.set('to', new Date(new Date(to + 'T00:00:00').getTime() + 86_400_000).toISOString());
    p.set('limit', PAGE);
    if (cursor) p.set('cursor', cursor);
    return p;
  }

  async function load(reset) {
    if (reset) {
      list.replaceChildren();
      shown = 0;
      next = null;
      lastDay = null;
    }
    status.textContent = t('app.loading');
    moreButton.hidden = true;
    try {
      const page = await api('/api/v1/blocks?' + apiQuery(reset ? null : next));
      for (const b of page.blocks) list.append(...item(b));
      shown += page.blocks.length;
      next = page.next;
      moreButton.hidden = !next;
      status.textContent = shown === 0 ? t('blocks.none') : t('blocks.count', { n: shown });
    } catch (e) {
      status.textContent = '';
      list.append(errorNotice(e));
    }
  }

  function item(b) {
    const nodes = [];
    const day = String(b.created).slice(0, 10);
    if (timeline() && day !== lastDay) {
      lastDay = day;
      nodes.push(h('h2', { class: 'day' }, new Date(day + 'T12:00:00').toLocaleDateString(language(), { dateStyle: 'full' })));
    }
    nodes.push(h('article', { class: 'block-item' + (timeline() ? ' timeline' : ''), 'data-id': b.id },
      h('div', { class: 'meta' }, h('span', { class: 'badge type' }, t('type.' + b.type)),
        h('time', { datetime: b.created }, formatDate(b.created, language())),
        h('span', { class: 'muted', title: b.author }, t('blocks.by', { device: shortId(b.author) }))),
      h('h3', {}, navLink('/blocks/' + b.id, {}, b.title || snippet(b.content, 80))),
      b.title ? h('p', { class: 'snippet' }, snippet(b.content, 200)) : null,
      b.tags?.length ? h('p', { class: 'tags' }, b.tags.map((tag) => h('span', { class: 'tag' }, '#' + tag))) : null));
    return nodes;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const keep = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v && !(k === 'state' && v === 'live') && !(k === 'view' && v === 'list')) keep.set(k, v);
    history.replaceState(null, '', '/blocks' + (keep.size ? '?' + keep : ''));
    load(true);
  });
  moreButton.addEventListener('click', () => load(false));
  if (!('IntersectionObserver' in window)) return load(true);
  // Endless scrolling: the next page loads when "more" comes into view (the button stays for keyboards).
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((en) => en.isIntersecting) && next && !moreButton.hidden) load(false);
  });
  observer.observe(moreButton);
  await load(true);
  return () => observer.disconnect();
}

export function snippet(text, max) {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

