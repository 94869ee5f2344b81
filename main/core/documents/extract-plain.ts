/** Plain text: BOM, else valid UTF-8, else chardet's guess decoded with iconv-lite; the charset used is kept. */
import { SanctumError } from '../errors';
import { decodedPage, decodeText, looksBinary, tidy } from './charset';
import type { ExtractResult } from './types';

export function extractPlain(bytes: Uint8Array, declaredCharset?: string): ExtractResult {
  const d = decodeText(bytes, declaredCharset);
  if (looksBinary(d.text)) throw new SanctumError('UNSUPPORTED_FORMAT', 'this file is not text (it holds binary data)');
  return decodedPage(tidy(d.text), d, 'plain', 'sanctum plain (chardet, iconv-lite)');
}
