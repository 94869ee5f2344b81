/** Decoding bytes of unknown charset: a BOM wins, then a declared charset, then valid UTF-8, then chardet's guess. */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { SanctumError } from '../errors';
import { LIMITS, type ExtractResult } from './types';

export interface Decoded {
  text: string;
  /** The charset used, lower-case (utf-8, utf-16le, windows-1256, iso-8859-1 …). */
  charset: string;
  /** How it was chosen. */
  via: 'bom' | 'declared' | 'utf-8' | 'detected';
}

function bom(bytes: Uint8Array): { charset: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

function validUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
}

/** Decode `bytes`; `declared` (from a meta tag or a MIME header) is used when iconv knows it. */
export function decodeText(bytes: Uint8Array, declared?: string): Decoded {
  const b = bom(bytes);
  if (b) return { text: decodeWith(bytes.subarray(b.skip), b.charset), charset: b.charset, via: 'bom' };
  const d = declared?.trim().toLowerCase();
  if (d && iconv.encodingExists(d)) {
    // A page declared as UTF-8 that is not is common; trust the bytes over the label then.
    if (!(d === 'utf-8' || d === 'utf8') || validUtf8(bytes) !== null) return { text: decodeWith(bytes, d), charset: d, via: 'declared' };
  }
  const utf8 = validUtf8(bytes);
  if (utf8 !== null) return { text: utf8, charset: 'utf-8', via: 'utf-8' };
  const guess = chardet.detect(bytes)?.toLowerCase();
  if (!guess || !iconv.encodingExists(guess)) throw new SanctumError('UNSUPPORTED_FORMAT', 'the text is in a charset that cannot be recognised');
  return { text: decodeWith(bytes, guess), charset: guess, via: 'detected' };
}

/** Text that is mostly control characters is binary that happened to decode. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (!sample.length) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad++;
  }
  return bad / sample.length > 0.1;
}

/** Line ends normalised, runs of blank lines folded, trailing spaces trimmed. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A decoded one-page document (plain text, HTML) as an extraction result: cut at the page limit, charset kept. */
export function decodedPage(text: string, d: Decoded, method: 'plain' | 'html', extractor: string): ExtractResult {
  const warnings: string[] = [];
  const cut = text.length > LIMITS.pageChars;
  if (cut) {
    text = text.slice(0, LIMITS.pageChars);
    warnings.push(`the text was cut at ${LIMITS.pageChars} characters`);
  }
  if (d.via === 'detected') warnings.push(`charset detected as ${d.charset}`);
  return { status: !text ? 'no-text' : cut ? 'partial' : 'extracted', pages: text ? [{ page: 1, method, text }] : [], charset: d.charset, extractor, warnings };
}
