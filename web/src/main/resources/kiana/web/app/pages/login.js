// Login, once the node has accounts: the token goes into prefs and is sent as a Bearer header.
import { h, field } from '../dom.js';
import { t } from '../i18n.js';
import { api, startSession } from '../api.js';
import { errorNotice, notice } from '../ui.js';
import { navigate } from '../main.js';

export async function render(root, _params, query) {
  const user = h('input', { id: 'login-user', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
  const result = h('div', { id: 'login-result', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { id: 'login-form', class: 'card narrow' }, field(t('login.user'), user), field(t('login.password'), pass),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('login.submit'))), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api('/api/v1/auth/login', { method: 'POST', body: { username: user.value, password: pass.value } });
      startSession(r);
      const next = query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (err) {
      result.replaceChildren(err.status === 401 ? notice('error', t('login.wrong')) : errorNotice(err, 'feature.login'));
      pass.select();
    }
  });
  root.append(h('h1', {}, t('nav.login')), form);
  user.focus();
}
