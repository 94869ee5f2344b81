/** Plain text: BOM, else valid UTF-8, else chardet's guess decoded with iconv-lite; the charset used is kept. */
import { SanctumError } from '../errors';
import { decodeText, looksBinary, tidy } from './charset';
import { LIMITS, type ExtractResult } from './types';

export function extractPlain(bytes: Uint8Array, declaredCharset?: string): ExtractResult {
  const d = decodeText(bytes, declaredCharset);
  if (looksBinary(d.text)) throw new SanctumError('UNSUPPORTED_FORMAT', 'this file is not text (it holds binary data)');
  const warnings: string[] = [];
  let text = tidy(d.text);
  if (text.length > LIMITS.pageChars) {
    text = text.slice(0, LIMITS.pageChars);
    warnings.push(`the text was cut at ${LIMITS.pageChars} characters`);
  }
  if (d.via === 'detected') warnings.push(`charset detected as ${d.charset}`);
  return {
    status: !text ? 'no-text' : warnings.some((w) => w.startsWith('the text was cut')) ? 'partial' : 'extracted',
    pages: text ? [{ page: 1, method: 'plain', text }] : [],
    charset: d.charset,
    extractor: 'sanctum plain (chardet, iconv-lite)',
    warnings,
  };
}
