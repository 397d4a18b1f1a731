// Chat: conversation list, streamed answers (SSE over fetch) with stop, safe markdown, citations
// that open their block, copy, rate, regenerate, microphone and read-aloud.
import { h, navLink, formatDate } from '../dom.js';
import { t, language } from '../i18n.js';
import { api, request, events, isUnavailable } from '../api.js';
import { renderMarkdown } from '../markdown.js';
import { errorNotice, unavailable, signatureBadge, blockLink, notice, icon } from '../ui.js';
import { prefs } from '../prefs.js';
import { speak, Dictation } from '../voice.js';

export async function render(root, [conversationId]) {
  const list = h('nav', { class: 'conversations', 'aria-label': t('chat.conversations') });
  const turns = h('div', { class: 'turns', id: 'turns', 'aria-live': 'polite' });
  const box = h('textarea', { id: 'chat-input', rows: 2, maxlength: 8000, placeholder: t('chat.placeholder'), 'aria-label': t('chat.message') });
  const send = h('button', { type: 'submit', id: 'chat-send' }, t('chat.send'));
  const stop = h('button', { type: 'button', id: 'chat-stop', class: 'danger', hidden: true }, t('chat.stop'));
  const mic = h('button', { type: 'button', id: 'chat-mic', 'aria-pressed': 'false', title: t('chat.mic') }, icon('mic'), h('span', { class: 'sr' }, t('chat.mic')));
  const form = h('form', { class: 'composer' }, box, h('div', { class: 'composer-actions' }, mic, stop, send));
  const main = h('section', { class: 'chat-main', 'aria-label': t('nav.chat') }, turns, form);
  root.append(h('h1', { class: 'sr' }, t('nav.chat')), h('div', { class: 'chat' }, list, main));

  let conversations;
  try {
    conversations = (await api('/api/v1/chats')).conversations;
  } catch (e) {
    root.replaceChildren(h('h1', {}, t('nav.chat')), isUnavailable(e) ? unavailable('feature.chat') : errorNotice(e));
    return;
  }
  let current = conversationId || null;
  let controller = null;

  const renderList = () => list.replaceChildren(h('p', {}, navLink('/chat', { class: 'button', id: 'new-chat' }, '+ ' + t('chat.new'))),
    h('ul', {}, conversations.map((c) => h('li', {}, navLink('/chat/' + c.id, { 'aria-current': c.id === current ? 'page' : null },
      h('span', {}, c.title || t('chat.untitled')), h('small', { class: 'muted' }, formatDate(c.updated, language())))))));
  renderList();

  if (current) {
    try {
      const conv = await api('/api/v1/chats/' + current);
      for (const turn of conv.turns) turns.append(turn.role === 'user' ? userTurn(turn.text) : answerTurn(turn));
    } catch (e) {
      turns.append(errorNotice(e));
    }
  } else {
    turns.append(h('p', { class: 'muted empty' }, t('chat.empty')));
  }

  async function ask(message) {
    turns.querySelector('.empty')?.remove();
    turns.append(userTurn(message));
    const answer = answerTurn({ role: 'assistant', text: '', citations: [] }, true);
    turns.append(answer);
    controller = new AbortController();
    turns.setAttribute('aria-busy', 'true'); // screen readers announce the answer once, not per token
    stop.hidden = false;
    send.disabled = true;
    let text = '';
    let frame = 0;
    const body = answer.querySelector('.answer-text');
    const paint = () => { frame = 0; body.replaceChildren(renderMarkdown(text, { onCitation: (n) => cite(answer, n) })); };
    try {
      const res = await request('/api/v1/chat', { method: 'POST', body: { message, conversation: current }, signal: controller.signal });
      for await (const { event, data } of events(res)) {
        if (event === 'meta') {
          const isNew = current !== data.conversation;
          if (isNew) history.replaceState(null, '', '/chat/' + data.conversation);
          current = data.conversation;
          if (isNew) {
            api('/api/v1/chats').then((r) => { conversations = r.conversations; renderList(); }).catch(() => {});
          }
        } else if (event === 'token') {
          text += data.text;
          if (!frame) frame = requestAnimationFrame(paint);
        } else if (event === 'citations') {
          answer.citations = data.citations;
          fillCitations(answer, data.citations);
        } else if (event === 'done') {
          answer.dataset.turn = data.turn;
          if (data.declined) answer.append(notice('muted', t('chat.declined')));
          if (data.filter) answer.append(notice('warn', t('chat.filtered', { reason: data.filter.reason || data.filter.category })));
        } else if (event === 'error') {
          answer.append(notice('error', data.message || data.error));
        }
      }
    } catch (e) {
      if (e.name !== 'AbortError') answer.append(errorNotice(e, 'feature.chat'));
      else answer.append(notice('muted', t('chat.stopped')));
    } finally {
      cancelAnimationFrame(frame);
      paint();
      answer.classList.remove('streaming');
      turns.setAttribute('aria-busy', 'false');
      answer.dataset.question = message;
      answer.text = text;
      stop.hidden = true;
      send.disabled = false;
      controller = null;
      if (prefs.get('voice').autoRead) speak(text);
    }
  }

  function answerTurn(turn, streaming = false) {
    const el = h('article', { class: 'turn assistant' + (streaming ? ' streaming' : ''), 'data-turn': turn.turn },
      h('div', { class: 'answer-text' }), h('ol', { class: 'citations', 'aria-label': t('chat.sources') }));
    el.citations = turn.citations || [];
    el.text = turn.text;
    el.querySelector('.answer-text').append(renderMarkdown(turn.text, { onCitation: (n) => cite(el, n) }));
    fillCitations(el, el.citations);
    const rate = (value) => async (e) => {
      const pressed = e.currentTarget; // null once the event is over, i.e. after the await
      if (!el.dataset.turn) return;
      try {
        await api(`/api/v1/chat/${el.dataset.turn}/rating`, { method: 'POST', body: { value } });
        el.querySelectorAll('.rate').forEach((b) => b.setAttribute('aria-pressed', String(b === pressed)));
      } catch (err) {
        el.append(errorNotice(err, 'feature.rating'));
      }
    };
    const up = h('button', { type: 'button', class: 'rate', 'aria-pressed': String(turn.rating === 5), on: { click: rate(5) } }, icon('up'), h('span', { class: 'sr' }, t('chat.good')));
    const down = h('button', { type: 'button', class: 'rate', 'aria-pressed': String(turn.rating === 1), on: { click: rate(1) } }, icon('up', true), h('span', { class: 'sr' }, t('chat.bad')));
    el.append(h('div', { class: 'turn-actions' },
      h('button', { type: 'button', on: { click: () => navigator.clipboard?.writeText(el.text || '') } }, t('chat.copy')),
      h('button', { type: 'button', on: { click: () => speak(el.text || '') } }, t('chat.readAloud')),
      up, down,
      h('button', { type: 'button', class: 'regenerate', on: { click: () => { const q = el.dataset.question || previousQuestion(el); if (q && !controller) ask(q); } } }, t('chat.regenerate'))));
    return el;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const message = box.value.trim();
    if (!message || controller) return;
    box.value = '';
    ask(message);
  });
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  stop.addEventListener('click', () => controller?.abort());
  const dictation = new Dictation((text) => { box.value = text; }, () => mic.setAttribute('aria-pressed', 'false'));
  if (!dictation.supported) {
    mic.disabled = true;
    mic.title = t('chat.micUnsupported');
  }
  mic.addEventListener('click', () => {
    const on = mic.getAttribute('aria-pressed') !== 'true';
    mic.setAttribute('aria-pressed', String(on));
    if (on) dictation.start(); else dictation.stop();
  });
  box.focus();
  return () => { controller?.abort(); dictation.stop(); };
}

function userTurn(text) {
  return h('article', { class: 'turn user' }, h('p', {}, text));
}

function previousQuestion(el) {
  let prev = el.previousElementSibling;
  while (prev && !prev.classList.contains('user')) prev = prev.previousElementSibling;
  return prev?.textContent;
}

/** The marker [n] in an answer: a link to the cited block, or plain text if n is unknown. */
function cite(answer, n) {
  const c = (answer.citations || []).find((x) => x.n === n);
  return c ? blockLink(c.id, '[' + n + ']') : null;
}

function fillCitations(answer, citations) {
  const ol = answer.querySelector('.citations');
  ol.replaceChildren(...(citations || []).map((c) => h('li', { class: 'citation', 'data-block': c.id },
    h('span', { class: 'n' }, '[' + c.n + '] '), blockLink(c.id, c.title || c.id.slice(0, 10)), ' ',
    signatureBadge(c.signature, c.signature === 'verified' ? c.author?.slice(0, 10) : null),
    c.snippet ? h('p', { class: 'snippet' }, c.snippet) : null)));
}

