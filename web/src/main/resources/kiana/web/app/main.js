// The app shell: language, theme, navigation, the router and the service worker.
import { h, navLink } from './dom.js';
import { t, loadLanguage, preferredLanguage } from './i18n.js';
import { applyTheme } from './prefs.js';
import { onCachedState, logout, signedIn } from './api.js';

const PAGES = [
  { path: /^\/(?:chat(?:\/([^/]+))?)?$/, nav: '/chat', label: 'nav.chat', load: () => import('./pages/chat.js') },
  { path: /^\/teach$/, nav: '/teach', label: 'nav.teach', load: () => import('./pages/teach.js') },
  { path: /^\/blocks$/, nav: '/blocks', label: 'nav.blocks', load: () => import('./pages/blocks.js') },
  { path: /^\/blocks\/([0-9a-f]{6,64})$/, nav: '/blocks', load: () => import('./pages/block.js') },
  { path: /^\/devices$/, nav: '/devices', label: 'nav.devices', load: () => import('./pages/devices.js') },
  { path: /^\/messages$/, nav: '/messages', label: 'nav.messages', load: () => import('./pages/messages.js') },
  { path: /^\/network$/, nav: '/network', label: 'nav.network', load: () => import('./pages/network.js') },
  { path: /^\/settings$/, nav: '/settings', label: 'nav.settings', load: () => import('./pages/settings.js') },
  { path: /^\/login$/, nav: '/login', title: 'nav.login', load: () => import('./pages/login.js') },
  { path: /^\/setup$/, nav: '/setup', title: 'nav.setup', load: () => import('./pages/setup.js') },
];

let cleanup = null;
let renderId = 0;

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route();
}

function renderNav() {
  const nav = document.getElementById('nav');
  nav.replaceChildren(
    h('ul', {}, PAGES.filter((p) => p.label).map((p) => h('li', {}, navLink(p.nav, { id: 'nav-' + p.nav.slice(1) }, t(p.label))))),
  );
  document.getElementById('skip-link').textContent = t('app.skip');
  let out = document.getElementById('logout');
  if (!out) {
    out = h('button', { type: 'button', id: 'logout', class: 'logout', on: { click: onLogout } });
    document.querySelector('header.top').append(out);
  }
  out.textContent = t('nav.logout');
  showLogout();
}

/** The logout button shows while this browser holds a session, and not on the pages that start one. */
function showLogout() {
  const out = document.getElementById('logout');
  const signedOut = !signedIn() || ['/login', '/setup'].includes(location.pathname);
  if (out) out.hidden = signedOut;
  document.body.toggleAttribute('data-signed-out', signedOut);
}

async function onLogout() {
  await logout();
  navigate('/login', { replace: true });
}

async function route() {
  const id = ++renderId;
  const path = location.pathname;
  const page = PAGES.find((p) => p.path.test(path));
  const main = document.getElementById('main');
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  for (const a of document.querySelectorAll('#nav a')) {
    if (page && a.getAttribute('href') === page.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  showLogout();
  if (!page) {
    main.replaceChildren(h('h1', {}, t('app.notFound')), h('p', {}, navLink('/', {}, t('nav.chat'))));
    return;
  }
  const params = path.match(page.path).slice(1);
  const module = await page.load();
  if (id !== renderId) return;
  main.replaceChildren();
  document.title = t(page.label || page.title) + ' · KI_ana';
  cleanup = (await module.render(main, params, new URLSearchParams(location.search))) || null;
  main.dataset.page = page.nav;
  showLogout();
}

function onClick(e) {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
  document.getElementById('main').focus({ preventScroll: true });
}

function showNetState(cached) {
  const el = document.getElementById('net-state');
  const offline = cached || !navigator.onLine;
  el.textContent = offline ? t('app.offline') : '';
  el.classList.toggle('shown', offline);
}

async function start() {
  applyTheme();
  await loadLanguage(preferredLanguage());
  renderNav();
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', route);
  window.addEventListener('kiana:language', renderNav);
  window.addEventListener('kiana:login-needed', () => {
    if (!['/login', '/setup'].includes(location.pathname)) navigate('/login?next=' + encodeURIComponent(location.pathname));
  });
  window.addEventListener('online', () => showNetState(false));
  window.addEventListener('offline', () => showNetState(true));
  onCachedState(showNetState);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme());
  await route();
  document.body.dataset.ready = 'true';
  performance.mark('kiana-ready');
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('no service worker', e));
  }
}

start();
