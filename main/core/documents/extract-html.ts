/**
 * HTML to text without a browser: comments, scripts, styles and other non-text elements are dropped whole, block
 * elements become line breaks, every other tag is removed and entities are decoded. Nothing is ever run or
 * fetched. Charset: BOM, then <meta charset> / http-equiv, then valid UTF-8, then chardet.
 */
import { decodedPage, decodeText, tidy } from './charset';
import type { ExtractResult } from './types';

const DROPPED = ['script', 'style', 'noscript', 'template', 'svg', 'math', 'object', 'iframe', 'head'];
const BLOCK = /^(?:p|div|br|li|ul|ol|tr|table|h[1-6]|section|article|header|footer|blockquote|pre|hr|dt|dd|title|address|figure|figcaption|main|nav|aside|form|fieldset)$/i;

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '', copy: '©', reg: '®', euro: '€',
  pound: '£', yen: '¥', cent: '¢', sect: '§', deg: '°', laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’',
  ldquo: '“', rdquo: '”', ndash: '–', mdash: '—', hellip: '…', middot: '·', bull: '•', times: '×', divide: '÷',
  agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç',
  egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï',
  ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö', oslash: 'ø', ugrave: 'ù',
  uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', yuml: 'ÿ', szlig: 'ß', oelig: 'œ',
  Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Auml: 'Ä', Ccedil: 'Ç', Egrave: 'È', Eacute: 'É', Ecirc: 'Ê',
  Euml: 'Ë', Icirc: 'Î', Iuml: 'Ï', Ocirc: 'Ô', Ouml: 'Ö', Ugrave: 'Ù', Ucirc: 'Û', Uuml: 'Ü', OElig: 'Œ',
  lrm: '\u200e', rlm: '\u200f', zwj: '\u200d', zwnj: '\u200c',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});?/gi, (m, body: string) => {
    if (body[0] === '#') {
      const n = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
    }
    return NAMED[body] ?? m;
  });
}

/** The charset a page declares in its first 4 KB, if any. */
export function declaredHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head);
  return m?.[1]?.toLowerCase();
}

export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, ' ').replace(/<![^>]*>/g, ' ');
  const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(s)?.[1];
  for (const tag of DROPPED) {
    // An unclosed element runs to the end, as a browser would treat it.
    s = s.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?(?:</${tag}\\s*>|$)`, 'gi'), ' ');
  }
  s = s.replace(/<\/?([a-z][a-z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi, (_m, name: string) => (BLOCK.test(name) ? '\n' : /^t[dh]$/i.test(name) ? '\t' : ''));
  // A stray '<' that opened no tag stays as text; anything still tag-shaped (malformed) goes.
  s = s.replace(/<\/?[a-z][^>]*$/i, '');
  s = decodeEntities(s)
    .replace(/[ \t\u00a0]+/g, (m) => (m.includes('\t') ? '\t' : ' '))
    .replace(/\n[ \t]+/g, '\n');
  const body = tidy(s);
  const t = title ? tidy(decodeEntities(title.replace(/<[^>]*>/g, ''))) : '';
  return t && !body.startsWith(t) ? `${t}\n\n${body}` : body;
}

export function extractHtml(bytes: Uint8Array, declaredCharset?: string): ExtractResult {
  const d = decodeText(bytes, declaredHtmlCharset(bytes) ?? declaredCharset);
  return decodedPage(htmlToText(d.text), d, 'html', 'sanctum html (chardet, iconv-lite)');
}
