// The user's choices on this device (language, theme, voice, login token), kept in localStorage.
const KEY = 'kiana.prefs';
const DEFAULTS = { lang: null, theme: 'system', voice: { name: '', rate: 1, autoRead: false }, token: null };

function read() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(KEY) || '{}') };
  } catch {
    return { ...DEFAULTS };
  }
}

export const prefs = {
  get(name) {
    return read()[name];
  },
  set(name, value) {
    const all = read();
    all[name] = value;
    localStorage.setItem(KEY, JSON.stringify(all));
  },
};

export function applyTheme(theme = prefs.get('theme')) {
  const root = document.documentElement;
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  else delete root.dataset.theme;
}
