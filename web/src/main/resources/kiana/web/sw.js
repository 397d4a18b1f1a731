// KI_ana's service worker: keeps the app shell and the last answers of the node (conversations,
// blocks, this device) so the app opens offline and shows what it saw last. Network first
// everywhere: online the node is always asked (it is on this machine or the LAN); the cache is
// the fallback, marked with X-Kiana-Cached so the app can say it is offline.
const SHELL = 'kiana-shell-v3';
const DATA = 'kiana-data-v1';
const MAX_DATA_ENTRIES = 300;
const SHELL_FILES = [
  '/', '/manifest.webmanifest', '/app/app.css', '/app/main.js', '/app/dom.js', '/app/i18n.js', '/app/prefs.js',
  '/app/api.js', '/app/ui.js', '/app/markdown.js', '/app/voice.js', '/app/i18n/en.json', '/app/i18n/de.json',
  '/app/icons/icon.svg', '/app/icons/icon-192.png',
  '/app/pages/chat.js', '/app/pages/teach.js', '/app/pages/blocks.js', '/app/pages/block.js',
  '/app/pages/devices.js', '/app/pages/messages.js', '/app/pages/network.js', '/app/pages/settings.js', '/app/pages/login.js', '/app/pages/setup.js',
];
const CACHED_API = /^\/api\/v1\/(chats|blocks|node|stats|ledger\/validators|memories)(\/|\?|$)/;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin) return;
  if (req.mode === 'navigate') {
    e.respondWith(networkFirst(req, SHELL, '/'));
  } else if (url.pathname.startsWith('/app/') || url.pathname === '/manifest.webmanifest') {
    e.respondWith(networkFirst(req, SHELL));
  } else if (CACHED_API.test(url.pathname + url.search)) {
    e.respondWith(networkFirst(req, DATA, null, true));
  }
});

async function networkFirst(req, cacheName, fallbackPath, trim = false) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(req);
    if (res.ok) {
      await cache.put(fallbackPath && req.mode === 'navigate' ? fallbackPath : req, res.clone());
      if (trim) trimCache(cache);
    }
    return res;
  } catch (err) {
    const hit = (await cache.match(req)) || (fallbackPath && (await cache.match(fallbackPath)));
    if (!hit) throw err;
    const headers = new Headers(hit.headers);
    headers.set('X-Kiana-Cached', '1');
    return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers });
  }
}

async function trimCache(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_DATA_ENTRIES))) await cache.delete(key);
}
