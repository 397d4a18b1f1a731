// Read-aloud with speechSynthesis and dictation with the browser's SpeechRecognition, both
// where the browser has them; the user's voice settings come from prefs.
import { prefs } from './prefs.js';
import { language } from './i18n.js';

export function speak(text) {
  if (!('speechSynthesis' in window) || !text) return;
  speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text.replace(/\[\d+\]/g, ''));
  const voice = prefs.get('voice');
  u.lang = language();
  u.rate = Number(voice.rate) || 1;
  const chosen = speechSynthesis.getVoices().find((v) => v.name === voice.name);
  if (chosen) u.voice = chosen;
  speechSynthesis.speak(u);
}

export class Dictation {
  constructor(onText, onEnd) {
    const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    this.supported = Boolean(Recognition);
    if (!this.supported) return;
    this.recognition = new Recognition();
    this.recognition.interimResults = true;
    this.recognition.continuous = false;
    this.recognition.onresult = (e) => onText([...e.results].map((r) => r[0].transcript).join(' '));
    this.recognition.onend = onEnd;
    this.recognition.onerror = onEnd;
  }
  start() {
    if (!this.supported) return;
    this.recognition.lang = language() === 'de' ? 'de-DE' : 'en-US';
    this.recognition.start();
  }
  stop() {
    if (this.supported) this.recognition.abort();
  }
}
