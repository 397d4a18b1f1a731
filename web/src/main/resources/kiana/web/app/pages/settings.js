// Settings: language, theme, voice (this browser); LLM backend, filter rules and the kill switch
// (this node, when its API has them).
import { h, field } from '../dom.js';
import { t, LANGUAGES, language, loadLanguage } from '../i18n.js';
import { api, isUnavailable } from '../api.js';
import { errorNotice, notice, unavailable } from '../ui.js';
import { prefs, applyTheme } from '../prefs.js';

export async function render(root) {
  root.append(h('h1', {}, t('settings.title')), appearance(root), voice());
  const [chat, follow, rules, kill] = await Promise.all([
    api('/api/v1/settings/chat').catch((e) => e),
    api('/api/v1/settings/sync').catch((e) => e),
    api('/api/v1/filter/rules').catch((e) => e),
    api('/api/v1/killswitch').catch((e) => e),
  ]);
  root.append(backend(chat), syncFollow(follow), filterRules(rules), killSwitch(kill));
  if (prefs.get('token')) {
    const logout = async () => {
      prefs.set('token', null);
      if ('caches' in window) await caches.delete('kiana-data-v1'); // the saved answers were this account's
      location.assign('/login');
    };
    root.append(h('p', {}, h('button', { type: 'button', on: { click: logout } }, t('settings.logout'))));
  }
}

function appearance(root) {
  const lang = h('select', { id: 'settings-lang' }, LANGUAGES.map((l) => h('option', { value: l, selected: l === language() }, t('lang.' + l))));
  lang.addEventListener('change', async () => {
    prefs.set('lang', lang.value);
    await loadLanguage(lang.value);
    window.dispatchEvent(new Event('kiana:language'));
    root.replaceChildren();
    await render(root);
    root.querySelector('#settings-lang')?.focus();
  });
  const current = prefs.get('theme');
  const themes = h('fieldset', { class: 'choices' }, h('legend', {}, t('settings.theme')),
    ['system', 'light', 'dark'].map((v) => h('label', {}, h('input', { type: 'radio', name: 'theme', value: v, id: 'theme-' + v, checked: current === v,
      on: { change: () => { prefs.set('theme', v); applyTheme(v); } } }), ' ', t('theme.' + v))));
  return h('section', { class: 'card', 'aria-labelledby': 'app-h' }, h('h2', { id: 'app-h' }, t('settings.appearance')), field(t('settings.language'), lang), themes);
}

function voice() {
  const v = prefs.get('voice');
  const voices = 'speechSynthesis' in window ? speechSynthesis.getVoices() : [];
  const select = h('select', { id: 'voice-name' }, h('option', { value: '' }, t('voice.default')),
    voices.map((x) => h('option', { value: x.name, selected: x.name === v.name }, `${x.name} (${x.lang})`)));
  const rate = h('input', { type: 'range', id: 'voice-rate', min: 0.5, max: 2, step: 0.1, value: v.rate });
  const auto = h('input', { type: 'checkbox', id: 'voice-auto', checked: v.autoRead });
  const save = () => prefs.set('voice', { name: select.value, rate: Number(rate.value), autoRead: auto.checked });
  [select, rate, auto].forEach((c) => c.addEventListener('change', save));
  return h('section', { class: 'card', 'aria-labelledby': 'voice-h' }, h('h2', { id: 'voice-h' }, t('settings.voice')),
    'speechSynthesis' in window ? null : notice('muted', t('voice.unsupported')),
    field(t('voice.voice'), select), field(t('voice.rate'), rate), h('label', {}, auto, ' ', t('voice.autoRead')));
}

function backend(current) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'llm-h', id: 'llm' }, h('h2', { id: 'llm-h' }, t('settings.llm')));
  if (current instanceof Error) return card.appendChild(errorNotice(current, 'feature.llm')).parentNode;
  const kind = h('select', { id: 'llm-backend' }, ['extractive', 'ollama', 'openai'].map((b) => h('option', { value: b, selected: current.backend === b }, t('llm.' + b))));
  const model = h('input', { id: 'llm-model', value: current.model ?? '' });
  const url = h('input', { id: 'llm-url', type: 'url', value: current.url ?? '', placeholder: 'http://localhost:11434' });
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', {}, field(t('llm.backend'), kind), field(t('llm.model'), model), field(t('llm.url'), url),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('settings.save'))), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { backend: kind.value, model: model.value.trim() || null, url: url.value.trim() || null };
    if (body.url && !/^https?:\/\//.test(body.url)) {
      result.replaceChildren(notice('error', t('llm.urlBad')));
      url.focus();
      return;
    }
    try {
      await api('/api/v1/settings/chat', { method: 'PUT', body });
      result.replaceChildren(notice('ok', t('settings.saved')));
    } catch (err) {
      result.replaceChildren(errorNotice(err));
    }
  });
  card.append(form);
  return card;
}

/** Selective sync: what this device follows of its peers' blocks (a phone may want only a part). */
function syncFollow(current) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'follow-h', id: 'follow' }, h('h2', { id: 'follow-h' }, t('settings.follow')));
  if (current instanceof Error) return card.appendChild(errorNotice(current, 'feature.follow')).parentNode;
  const boxes = ['private', 'household', 'public'].map((s) => h('input', { type: 'checkbox', name: 'follow-scope', value: s, id: 'follow-' + s, checked: current.scopes.includes(s) }));
  const scopes = h('fieldset', { class: 'choices' }, h('legend', {}, t('follow.scopes')), boxes.map((b) => h('label', {}, b, ' ', b.value)));
  const tags = h('input', { id: 'follow-tags', value: current.tags.join(', '), placeholder: 'garden, kitchen' });
  const since = h('input', { id: 'follow-since', value: current.since, placeholder: '30d' });
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', {}, scopes, field(t('follow.tags'), tags, t('follow.tagsHint')), field(t('follow.since'), since, t('follow.sinceHint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('settings.save'))), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      scopes: boxes.filter((b) => b.checked).map((b) => b.value),
      tags: tags.value.split(',').map((x) => x.trim()).filter((x) => x),
      since: since.value.trim() || 'all',
    };
    if (body.scopes.length === 0) {
      result.replaceChildren(notice('error', t('follow.noScope')));
      return;
    }
    try {
      await api('/api/v1/settings/sync', { method: 'PUT', body });
      result.replaceChildren(notice('ok', t('settings.saved')));
    } catch (err) {
      result.replaceChildren(errorNotice(err));
    }
  });
  card.append(form);
  return card;
}

/** The rule list as JSON text: checked here for shape, then by the node (422 names the bad rule). */
function filterRules(current) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'rules-h', id: 'rules' }, h('h2', { id: 'rules-h' }, t('settings.rules')));
  if (current instanceof Error) return card.appendChild(errorNotice(current, 'feature.rules')).parentNode;
  const list = Array.isArray(current) ? current : current.rules || [];
  const text = h('textarea', { id: 'rules-text', rows: 10, spellcheck: 'false', class: 'mono' });
  text.value = JSON.stringify(list, null, 2);
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', {}, field(t('rules.label'), text, t('rules.hint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('settings.save'))), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let rules;
    try {
      rules = JSON.parse(text.value);
    } catch (err) {
      result.replaceChildren(notice('error', t('rules.badJson', { message: err.message })));
      return;
    }
    const bad = Array.isArray(rules) ? rules.findIndex((r) => !r || typeof r !== 'object' || Array.isArray(r)) : 0;
    if (!Array.isArray(rules) || bad >= 0) {
      result.replaceChildren(notice('error', Array.isArray(rules) ? t('rules.notObject', { n: bad + 1 }) : t('rules.notList')));
      return;
    }
    try {
      await api('/api/v1/filter/rules', { method: 'PUT', body: Array.isArray(current) ? rules : { rules } });
      result.replaceChildren(notice('ok', t('settings.saved')));
    } catch (err) {
      result.replaceChildren(errorNotice(err));
    }
  });
  card.append(form);
  return card;
}

function killSwitch(state) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'kill-h', id: 'killswitch' }, h('h2', { id: 'kill-h' }, t('settings.kill')));
  if (isUnavailable(state)) return card.appendChild(unavailable('feature.killswitch')).parentNode;
  if (state instanceof Error) return card.appendChild(errorNotice(state)).parentNode;
  const phrase = h('input', { id: 'kill-phrase', type: 'password', autocomplete: 'off', required: true });
  const result = h('div', { role: 'status', 'aria-live': 'polite' });
  const halted = Boolean(state.halted);
  // Without a phrase the first step is to set one; then the same phrase engages and resumes.
  const action = !state.phraseSet ? 'phrase' : halted ? 'resume' : 'engage';
  const label = { phrase: 'kill.setPhrase', resume: 'kill.resume', engage: 'kill.engage' }[action];
  const form = h('form', {}, h('p', {}, t(!state.phraseSet ? 'kill.noPhrase' : halted ? 'kill.engaged' : 'kill.off')),
    field(t('kill.phrase'), phrase),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: action === 'engage' ? 'danger' : null }, t(label))), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (action === 'engage' && !confirm(t('kill.confirm'))) return;
    try {
      await api('/api/v1/killswitch/' + action, { method: 'POST', body: { phrase: phrase.value } });
      card.replaceWith(killSwitch(await api('/api/v1/killswitch')));
    } catch (err) {
      result.replaceChildren(errorNotice(err));
    }
  });
  card.append(form);
  return card;
}
