// Calls to this node's HTTP API. Errors become ApiError with the API's {error, message, field}.
import { prefs } from './prefs.js';

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** The API answers 404 route_not_found: this node does not have the feature (yet). */
export function isUnavailable(e) {
  return e instanceof ApiError && e.status === 404 && e.code === 'route_not_found';
}

const listeners = new Set();
/** Called with true when an answer came from the offline cache, false when from the node. */
export function onCachedState(fn) {
  listeners.add(fn);
}

export async function request(path, { method = 'GET', body, signal } = {}) {
  let payload;
  let type = null;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    type = 'application/json';
    payload = JSON.stringify(body);
  }
  const send = async () => {
    const headers = { Accept: 'application/json' };
    const token = prefs.get('token');
    if (token) headers.Authorization = 'Bearer ' + token;
    if (type) headers['Content-Type'] = type;
    try {
      return await fetch(path, { method, headers, body: payload, signal });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, 'offline', '');
    }
  };
  let res = await send();
  if (res.status === 401 && !path.startsWith(AUTH)) {
    // An access token lives minutes; the refresh cookie keeps the session. Renew once, then retry.
    const code = (await errorOf(res.clone())).code;
    if ((code === 'invalid_token' || !prefs.get('token')) && (await refreshSession())) res = await send();
    if (res.status === 401) {
      prefs.set('token', null);
      window.dispatchEvent(new CustomEvent('kiana:login-needed'));
    }
  }
  const cached = res.headers.get('X-Kiana-Cached') === '1';
  listeners.forEach((fn) => fn(cached));
  if (!res.ok) throw await errorOf(res);
  return res;
}

const AUTH = '/api/v1/auth/';
let refreshing = null;

/**
 * Swaps the HttpOnly refresh cookie (path /api/v1/auth) for a new access token; true on success.
 * Calls that fail at the same moment share one refresh: the node rotates the cookie on each use.
 */
export function refreshSession() {
  refreshing ??= fetch(AUTH + 'refresh', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) return false;
      prefs.set('token', (await res.json()).access_token);
      return true;
    })
    .catch(() => false)
    .finally(() => { refreshing = null; });
  return refreshing;
}

/** Keeps a new session's access token (login, setup); the node has set the refresh cookie. */
export function startSession(reply) {
  prefs.set('token', reply.access_token);
}

/** Ends this browser's session at the node (the refresh cookie) and forgets what it cached. */
export async function logout() {
  try {
    await request(AUTH + 'logout', { method: 'POST' });
  } catch {
    // offline or already ended: forgetting the token here still logs this browser out
  }
  prefs.set('token', null);
  if (window.caches) await caches.delete('kiana-data-v1');
}

export function signedIn() {
  return !!prefs.get('token');
}

async function errorOf(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: the status says enough
  }
  return new ApiError(res.status, body?.error ?? 'http_' + res.status, body?.message ?? res.statusText, body?.field);
}

export async function api(path, options) {
  const res = await request(path, options);
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Server-sent events from a fetch response (POST needs fetch; EventSource only GETs):
 * yields {event, data} with data parsed as JSON.
 */
export async function* events(res) {
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let pending = ''; // a CR at the end of a chunk may be the first half of a CRLF
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = pending + value;
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    pending = text.slice(cut);
    buffer += text.slice(0, cut).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of chunk.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) {
        let parsed;
        try {
          parsed = JSON.parse(data.join('\n'));
        } catch {
          parsed = { text: data.join('\n') };
        }
        yield { event, data: parsed };
      }
    }
  }
}
