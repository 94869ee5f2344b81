/** DOCX: the raw text of the document body (paragraphs, tables, lists) with mammoth; no images, no HTML. */
import mammoth from 'mammoth';
import { SanctumError } from '../errors';
import { tidy } from './charset';
import { LIMITS, type ExtractResult } from './types';

export async function extractDocx(bytes: Uint8Array): Promise<ExtractResult> {
  let value: string;
  let messages: { type: string; message: string }[];
  try {
    ({ value, messages } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
  } catch (e) {
    throw new SanctumError('UNSUPPORTED_FORMAT', `this Word document cannot be read: ${(e as Error).message ?? String(e)}`);
  }
  const warnings = messages.filter((m) => m.type !== 'info').map((m) => m.message.slice(0, 2000)).slice(0, 20);
  let text = tidy(value);
  let cut = false;
  if (text.length > LIMITS.pageChars) {
    text = text.slice(0, LIMITS.pageChars);
    cut = true;
    warnings.push(`the text was cut at ${LIMITS.pageChars} characters`);
  }
  return {
    status: !text ? 'no-text' : cut ? 'partial' : 'extracted',
    pages: text ? [{ page: 1, method: 'docx', text }] : [],
    extractor: 'mammoth',
    warnings,
  };
}
