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
  const headers = { Accept: 'application/json' };
  const token = prefs.get('token');
  if (token) headers.Authorization = 'Bearer ' + token;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'offline', '');
  }
  const cached = res.headers.get('X-Kiana-Cached') === '1';
  listeners.forEach((fn) => fn(cached));
  if (res.status === 401 && !path.startsWith('/api/v1/auth/')) {
    window.dispatchEvent(new CustomEvent('kiana:login-needed'));
  }
  if (!res.ok) throw await errorOf(res);
  return res;
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
