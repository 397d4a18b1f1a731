// One block: content (safe markdown), signature check, id, JSON, supersedes chain, conflicts
// side by side with "keep this one", rating, retraction.
import { h, formatDate, navLink } from '../dom.js';
import { t, language } from '../i18n.js';
import { api, isUnavailable } from '../api.js';
import { renderMarkdown } from '../markdown.js';
import { errorNotice, notice, signatureBadge, blockLink, stars, unavailable } from '../ui.js';
import { navigate } from '../main.js';
import { snippet } from './blocks.js';

export async function render(root, [id]) {
  let view;
  try {
    view = await api('/api/v1/blocks/' + id);
  } catch (e) {
    root.append(h('h1', {}, t('block.title')), errorNotice(e));
    return;
  }
  const b = view.block;
  const conflictSlot = h('div'); // conflicting edits come right under the content: they need a decision
  const status = view.retracted ? 'retracted' : view.verification.status === 'verified' && view.supersededBy.length ? 'superseded' : view.verification.status;
  root.append(
    h('p', {}, navLink('/blocks', {}, '← ' + t('blocks.title'))),
    h('h1', { class: 'wrap-words' }, b.title || snippet(b.content, 80) || t('type.' + b.type)),
    h('p', { class: 'sig-line', id: 'signature' }, signatureBadge(view.verification.status, view.verification.signerDisplay),
      status !== view.verification.status ? signatureBadge(status) : null,
      view.verification.reason ? h('span', { class: 'muted' }, ' ' + view.verification.reason) : null),
    h('section', { class: 'content', 'aria-label': t('block.content'), id: 'block-content' }, renderMarkdown(b.content)),
    conflictSlot,
    h('dl', { class: 'facts' },
      row(t('block.id'), h('code', { class: 'wrap' }, b.id)),
      row(t('block.type'), t('type.' + b.type)),
      row(t('block.created'), formatDate(b.created, language())),
      row(t('block.author'), h('code', { class: 'wrap' }, view.verification.signerDisplay || b.author)),
      row(t('block.scope'), b.scope),
      b.tags?.length ? row(t('block.tags'), b.tags.join(', ')) : null,
      b.source ? row(t('block.source'), h('span', { class: 'wrap' }, b.source.uri)) : null,
      b.supersedes?.length ? row(t('block.supersedes'), b.supersedes.map((s) => [blockLink(s), ' '])) : null,
      view.supersededBy.length ? row(t('block.supersededBy'), view.supersededBy.map((s) => [blockLink(s), ' '])) : null),
  );
  const rating = h('section', { class: 'card', 'aria-labelledby': 'rate-h' }, h('h2', { id: 'rate-h' }, t('block.rate')));
  rating.append(stars(0, async (value) => {
    try {
      await api(`/api/v1/blocks/${b.id}/rating`, { method: 'POST', body: { value } });
      rating.querySelector('.notice')?.remove();
      rating.append(notice('ok', t('block.rated', { n: value })));
    } catch (e) {
      rating.querySelector('.notice')?.remove();
      rating.append(isUnavailable(e) ? unavailable('feature.rating') : errorNotice(e));
      throw e;
    }
  }, t('block.rate')));
  root.append(rating);
  await conflicts(conflictSlot, view);
  root.append(
    h('details', { class: 'card' }, h('summary', {}, t('block.json')), h('pre', { class: 'json', id: 'block-json' }, JSON.stringify(b, null, 2))),
    view.live ? h('p', {}, h('button', { type: 'button', class: 'danger', on: { click: () => retract(b.id) } }, t('block.retract'))) : null,
  );
}

function row(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

async function retract(id) {
  if (!confirm(t('block.retractConfirm'))) return;
  await api('/api/v1/blocks/' + id, { method: 'DELETE' });
  navigate('/blocks/' + id, { replace: true });
}

/**
 * Concurrent edits: the blocks that supersede the same block without superseding each other. They
 * stay side by side until a block supersedes all of them ("keep this one" writes it).
 */
async function conflicts(root, view) {
  const parents = [view, ...(await Promise.all((view.block.supersedes || []).map((p) => api('/api/v1/blocks/' + p).catch(() => null))))];
  const rivals = parents.filter(Boolean).map((p) => p.supersededBy).find((s) => s.length > 1);
  if (!rivals) return;
  const versions = (await Promise.all(rivals.map((r) => api('/api/v1/blocks/' + r).catch(() => null)))).filter((v) => v && v.live);
  if (versions.length < 2) return;
  root.append(h('section', { class: 'card conflict', 'aria-labelledby': 'conflict-h' },
    h('h2', { id: 'conflict-h' }, t('block.conflict')), h('p', { class: 'muted' }, t('block.conflictHelp')),
    h('div', { class: 'side-by-side' }, versions.map((v) => h('article', { class: 'version' },
      h('p', {}, blockLink(v.block.id), ' ', signatureBadge(v.verification.status, v.verification.signerDisplay)),
      h('div', { class: 'content' }, renderMarkdown(v.block.content)),
      h('button', { type: 'button', on: { click: () => keep(v.block, versions) } }, t('block.keep')))))));
}

async function keep(chosen, versions) {
  const draft = { type: chosen.type, content: chosen.content, supersedes: versions.map((v) => v.block.id) };
  if (chosen.title) draft.title = chosen.title;
  if (chosen.tags?.length) draft.tags = chosen.tags;
  const created = await api('/api/v1/blocks', { method: 'POST', body: draft });
  navigate('/blocks/' + created.block.id);
}

