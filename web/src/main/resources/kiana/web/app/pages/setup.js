// First start: the one-time link "kiana start" prints (/setup#token=…) lets the first person choose
// the creator's password. The token is in the fragment, so it never reaches a server log; the page
// takes it out of the address bar at once and posts it to /api/v1/auth/setup, which answers with a
// session like a login.
import { h, field, navLink } from '../dom.js';
import { t } from '../i18n.js';
import { api, startSession } from '../api.js';
import { errorNotice, notice } from '../ui.js';
import { navigate } from '../main.js';

/** The node's rule (PasswordHasher.MIN_PASSWORD_CHARS); the node checks it again. */
const MIN_CHARS = 8;
const CREATOR = 'creator';

let token = null;

function withHint(fieldEl, hint) {
  fieldEl.append(hint);
  return fieldEl;
}

export async function render(root) {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    token = fromLink;
    history.replaceState(null, '', '/setup');
  }
  root.append(h('h1', {}, t('setup.title')));
  if (!token) {
    root.append(notice('error', t('setup.noToken')), h('p', {}, navLink('/login', {}, t('setup.login'))));
    return;
  }
  const rule = h('small', { id: 'setup-rule', class: 'hint' }, t('setup.rule', { min: MIN_CHARS }));
  const pass = h('input', { id: 'setup-password', type: 'password', autocomplete: 'new-password', required: true,
    minlength: MIN_CHARS, 'aria-describedby': 'setup-rule' });
  const again = h('input', { id: 'setup-repeat', type: 'password', autocomplete: 'new-password', required: true });
  const result = h('div', { id: 'setup-result', role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, t('setup.submit'));
  const form = h('form', { id: 'setup-form', class: 'card narrow', novalidate: true },
    h('p', {}, t('setup.intro', { user: CREATOR })),
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: CREATOR, hidden: true, readonly: true }),
    withHint(field(t('setup.password'), pass), rule), field(t('setup.repeat'), again),
    h('div', { class: 'actions' }, button), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const problem = pass.value.length < MIN_CHARS ? t('setup.tooShort', { min: MIN_CHARS, n: pass.value.length })
      : pass.value !== again.value ? t('setup.mismatch') : null;
    pass.setAttribute('aria-invalid', String(pass.value.length < MIN_CHARS));
    again.setAttribute('aria-invalid', String(pass.value.length >= MIN_CHARS && pass.value !== again.value));
    if (problem) {
      result.replaceChildren(notice('error', problem));
      (pass.value.length < MIN_CHARS ? pass : again).focus();
      return;
    }
    button.disabled = true;
    try {
      startSession(await api('/api/v1/auth/setup', { method: 'POST', body: { token, password: pass.value } }));
      token = null;
      navigate('/', { replace: true });
    } catch (err) {
      button.disabled = false;
      if (err.status === 401) {
        token = null;
        result.replaceChildren(notice('error', t('setup.used')), h('p', {}, navLink('/login', {}, t('setup.login'))));
      } else {
        result.replaceChildren(errorNotice(err, 'feature.setup'));
      }
    }
  });
  root.append(form);
  pass.focus();
}
