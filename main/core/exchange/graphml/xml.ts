/**
 * XML 1.0 escaping for GraphML. Names arrive in every script (Arabic, Ge'ez, Latin with diacritics) and must
 * come back out of any conforming parser exactly as they went in.
 *
 *  - Characters XML 1.0 cannot carry at all (C0 controls other than tab / LF / CR, U+FFFE, U+FFFF, lone
 *    surrogates) become U+FFFD: not even a character reference may encode them, and one would make the file
 *    unreadable by every reader.
 *  - CR is written as &#13; (parsers turn a literal CR or CRLF into LF); in attributes tab and LF are written as
 *    references too (attribute-value normalisation turns literal ones into spaces).
 */

// XML 1.0 §2.2 Char, negated. With the u flag a lone surrogate is one unit outside every range.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(s: string): string {
  return s.replace(NOT_XML_CHAR, '\uFFFD');
}

export function escapeText(s: string): string {
  return xmlSafe(s).replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

const ATTR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

export function escapeAttr(s: string): string {
  return xmlSafe(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR[c]!);
}
