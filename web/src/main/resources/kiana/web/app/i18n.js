// All UI text comes from the message files i18n/<lang>.json (same keys in every language).
import { prefs } from './prefs.js';

export const LANGUAGES = ['en', 'de'];
let messages = {};
let current = 'en';

export function language() {
  return current;
}

export function preferredLanguage() {
  const chosen = prefs.get('lang');
  if (LANGUAGES.includes(chosen)) return chosen;
  const browser = (navigator.language || 'en').slice(0, 2).toLowerCase();
  return LANGUAGES.includes(browser) ? browser : 'en';
}

export async function loadLanguage(lang) {
  const res = await fetch(`/app/i18n/${lang}.json`);
  if (!res.ok) throw new Error('no messages for ' + lang);
  messages = await res.json();
  current = lang;
  document.documentElement.lang = lang;
}

/** The message for key, with {name} placeholders filled from params. */
export function t(key, params) {
  let text = messages[key];
  if (text == null) {
    console.warn('missing message', key);
    text = key;
  }
  return params ? text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? '')) : text;
}
