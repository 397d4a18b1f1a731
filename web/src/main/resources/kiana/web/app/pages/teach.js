// Teach: add a fact or note, upload files (progress bar), follow a folder, manage memories.
import { h, field } from '../dom.js';
import { t } from '../i18n.js';
import { api, isUnavailable } from '../api.js';
import { errorNotice, notice, blockLink, unavailable } from '../ui.js';
import { prefs } from '../prefs.js';

export async function render(root) {
  root.append(h('h1', {}, t('teach.title')), factForm(), uploadForm(), folderForm());
  root.append(await memories());
}

function factForm() {
  const type = h('select', { name: 'type', id: 'teach-type' }, h('option', { value: 'fact' }, t('type.fact')), h('option', { value: 'note' }, t('type.note')));
  const title = h('input', { name: 'title', id: 'teach-title', maxlength: 200 });
  const content = h('textarea', { name: 'content', id: 'teach-content', rows: 4, required: true });
  const tags = h('input', { name: 'tags', id: 'teach-tags', placeholder: t('teach.tagsHint') });
  const result = h('div', { role: 'status', 'aria-live': 'polite', id: 'teach-result' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'teach-h' }, h('h2', { id: 'teach-h' }, t('teach.add')),
    field(t('teach.type'), type), field(t('teach.titleLabel'), title), field(t('teach.content'), content), field(t('teach.tags'), tags),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'teach-save' }, t('teach.save'))), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const draft = { type: type.value, content: content.value.trim() };
    if (!draft.content) {
      result.replaceChildren(notice('error', t('teach.contentMissing')));
      content.focus();
      return;
    }
    if (title.value.trim()) draft.title = title.value.trim();
    const tagList = tags.value.split(/[,\s]+/).map((s) => s.replace(/^#/, '').trim()).filter(Boolean);
    if (tagList.length) draft.tags = tagList;
    try {
      const view = await api('/api/v1/blocks', { method: 'POST', body: draft });
      result.replaceChildren(h('p', { class: 'notice ok' }, t('teach.saved'), ' ', blockLink(view.block.id, t('teach.open'))));
      content.value = '';
      title.value = '';
    } catch (err) {
      result.replaceChildren(errorNotice(err));
    }
  });
  return form;
}

function uploadForm() {
  const file = h('input', { type: 'file', id: 'upload-file', multiple: true });
  const bar = h('progress', { id: 'upload-progress', max: 100, value: 0, hidden: true, 'aria-label': t('teach.progress') });
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'upload-h' }, h('h2', { id: 'upload-h' }, t('teach.upload')),
    field(t('teach.files'), file, t('teach.filesHint')), bar,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('teach.uploadButton'))), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file.files.length) return;
    result.replaceChildren();
    for (const f of file.files) {
      bar.hidden = false;
      bar.value = 0;
      try {
        const { job } = await upload(f, (p) => { bar.value = p; });
        result.append(h('p', { class: 'notice ok' }, t('teach.uploaded', { name: f.name })));
        await followJob(job, bar, result);
      } catch (err) {
        result.append(err.status === 404 ? unavailable('feature.documents') : errorNotice(err));
        break;
      }
    }
  });
  return form;
}

/** XMLHttpRequest because fetch cannot report upload progress. */
function upload(f, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/documents');
    const token = prefs.get('token');
    if (token) xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((100 * e.loaded) / e.total));
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText || '{}'); } catch { /* status says enough */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(Object.assign(new Error(body.message || xhr.statusText), { status: xhr.status, code: body.error }));
    };
    xhr.onerror = () => reject(Object.assign(new Error(t('error.offline')), { status: 0, code: 'offline' }));
    const data = new FormData();
    data.append('file', f, f.name);
    xhr.send(data);
  });
}

async function followJob(job, bar, result) {
  if (!job) return;
  for (let i = 0; i < 600; i++) {
    const state = await api('/api/v1/documents/jobs/' + encodeURIComponent(job));
    if (typeof state.progress === 'number') bar.value = Math.round(state.progress * (state.progress <= 1 ? 100 : 1));
    if (['done', 'failed', 'error'].includes(state.state || state.status)) {
      result.append(h('p', { class: 'notice ' + ((state.state || state.status) === 'done' ? 'ok' : 'error') }, state.message || t('teach.jobDone')));
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function folderForm() {
  const path = h('input', { id: 'follow-path', placeholder: '/home/me/Notes', required: true });
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'follow-h' }, h('h2', { id: 'follow-h' }, t('teach.follow')),
    field(t('teach.folder'), path, t('teach.folderHint')), h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('teach.followButton'))), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/api/v1/documents', { method: 'POST', body: { path: path.value.trim() } });
      result.replaceChildren(notice('ok', t('teach.following', { path: path.value.trim() })));
    } catch (err) {
      result.replaceChildren(errorNotice(err, 'feature.documents'));
    }
  });
  return form;
}

async function memories() {
  const section = h('section', { class: 'card', 'aria-labelledby': 'mem-h', id: 'memories' }, h('h2', { id: 'mem-h' }, t('memories.title')));
  let items;
  try {
    const body = await api('/api/v1/memories');
    items = Array.isArray(body) ? body : body.memories || body.items || [];
  } catch (e) {
    section.append(isUnavailable(e) ? unavailable('feature.memories') : errorNotice(e));
    return section;
  }
  const list = h('ul', { class: 'memories' });
  const add = h('input', { id: 'memory-new', 'aria-label': t('memories.new') });
  const addForm = h('form', { class: 'inline' }, add, h('button', { type: 'submit' }, t('memories.add')));
  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!add.value.trim()) return;
    try {
      const created = await api('/api/v1/memories', { method: 'POST', body: { text: add.value.trim() } });
      list.prepend(memoryItem(created?.memory || created || { text: add.value.trim() }));
      add.value = '';
    } catch (err) {
      section.append(errorNotice(err));
    }
  });
  items.forEach((m) => list.append(memoryItem(m)));
  section.append(addForm, items.length ? null : h('p', { class: 'muted' }, t('memories.none')), list);
  return section;
}

function memoryItem(m) {
  let id = m.id;
  const text = h('input', { value: m.text ?? m.content ?? '', 'aria-label': t('memories.text') });
  const li = h('li', {}, text,
    h('button', { type: 'button', on: { click: async () => {
      try {
        const updated = await api('/api/v1/memories/' + id, { method: 'PUT', body: { text: text.value } });
        id = updated?.id || updated?.memory?.id || id;
        li.classList.add('saved');
      } catch (err) { li.append(errorNotice(err)); }
    } } }, t('memories.save')),
    h('button', { type: 'button', class: 'danger', on: { click: async () => {
      try { await api('/api/v1/memories/' + id, { method: 'DELETE' }); li.remove(); } catch (err) { li.append(errorNotice(err)); }
    } } }, t('memories.delete')));
  return li;
}
