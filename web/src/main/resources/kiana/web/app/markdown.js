// A small Markdown renderer that builds DOM nodes: every piece of input ends up in a text node,
// so HTML in the input (script tags, event-handler attributes) shows as text. Links survive only
// with an http(s) URL. Supported: paragraphs, # headings, - / 1. lists, > quotes, ``` code
// blocks, `code`, **bold**, *italic*, [text](url), bare http(s) URLs and citations [n].
import { h, safeUrl } from './dom.js';

const INLINE =
  /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*)|\[([^\]\n]+)\]\(([^)\s]+)\)|\[(\d{1,3})\]|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

/**
 * Renders markdown text to a DocumentFragment. onCitation(n) gives the element for a citation
 * marker [n] (or null to keep it as text).
 */
export function renderMarkdown(text, { onCitation } = {}) {
  const out = document.createDocumentFragment();
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  const inline = (s) => renderInline(s, onCitation);
  while (i < lines.length) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const code = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) code.push(lines[i++]);
      i++;
      out.append(h('pre', {}, h('code', {}, code.join('\n'))));
    } else if (/^#{1,3}\s/.test(line)) {
      const level = line.match(/^#+/)[0].length;
      out.append(h('h' + (level + 2), {}, inline(line.slice(level).trim())));
      i++;
    } else if (/^\s*[-*+]\s+/.test(line) || /^\s*\d{1,3}[.)]\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const pattern = ordered ? /^\s*\d{1,3}[.)]\s+/ : /^\s*[-*+]\s+/;
      const list = h(ordered ? 'ol' : 'ul');
      while (i < lines.length && pattern.test(lines[i])) {
        list.append(h('li', {}, inline(lines[i].replace(pattern, ''))));
        i++;
      }
      out.append(list);
    } else if (/^>\s?/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) quoted.push(lines[i++].replace(/^>\s?/, ''));
      out.append(h('blockquote', {}, renderMarkdown(quoted.join('\n'), { onCitation })));
    } else if (line.trim() === '') {
      i++;
    } else {
      const para = [];
      while (i < lines.length && lines[i].trim() !== '' && !/^(```|#{1,3}\s|>|\s*[-*+]\s+|\s*\d{1,3}[.)]\s+)/.test(lines[i])) {
        para.push(lines[i++]);
      }
      if (para.length === 0) para.push(lines[i++]);
      const p = h('p');
      para.forEach((l, k) => {
        if (k > 0) p.append(h('br'));
        p.append(inline(l));
      });
      out.append(p);
    }
  }
  return out;
}

export function renderInline(text, onCitation) {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out.append(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1]) out.append(h('code', {}, m[1].slice(1, -1)));
    else if (m[2]) out.append(h('strong', {}, renderInline(m[2].slice(2, -2), onCitation)));
    else if (m[3]) out.append(h('em', {}, renderInline(m[3].slice(1, -1), onCitation)));
    else if (m[4]) out.append(link(m[5], renderInline(m[4], onCitation), m[0]));
    else if (m[6]) out.append((onCitation && onCitation(Number(m[6]))) || m[0]);
    else if (m[7]) out.append(link(m[7], m[7], m[0]));
  }
  out.append(text.slice(last));
  return out;
}

function link(url, content, original) {
  const href = safeUrl(url);
  if (!href) return document.createTextNode(original);
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, content);
}
