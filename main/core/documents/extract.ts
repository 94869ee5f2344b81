/** Which extractor reads a file: by its media type (detected from its bytes at intake), then by its name. */
import { extractDocx } from './extract-docx';
import { extractEml } from './extract-eml';
import { extractHtml } from './extract-html';
import { extractPdf } from './extract-pdf';
import { extractPlain } from './extract-plain';
import { SanctumError } from '../errors';
import { pdfPageImages } from './pdf-images';
import type { ExtractOptions, ExtractResult } from './types';

export type TextFormat = 'pdf' | 'docx' | 'email' | 'html' | 'plain' | 'image' | null;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function formatOf(mediaType: string, name: string): TextFormat {
  const mt = mediaType.toLowerCase().split(';')[0]!.trim();
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (mt === 'application/pdf') return 'pdf';
  if (mt === DOCX) return 'docx';
  if (mt === 'message/rfc822') return 'email';
  if (mt === 'text/html' || mt === 'application/xhtml+xml') return 'html';
  if (mt.startsWith('image/')) return 'image';
  if (mt.startsWith('text/') || mt === 'application/json' || mt === 'application/xml') return 'plain';
  // Detection at intake said "bytes of unknown kind": the name decides between the text formats only.
  if (mt === 'application/octet-stream' || mt === '') {
    if (ext === 'eml') return 'email';
    if (ext === 'html' || ext === 'htm') return 'html';
    if (['txt', 'text', 'csv', 'tsv', 'md', 'log'].includes(ext)) return 'plain';
  }
  return null;
}

/** Extract the text of one file. Throws SanctumError (UNSUPPORTED_FORMAT, CANCELLED) when it cannot. */
export async function extractBytes(bytes: Uint8Array, mediaType: string, name: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
  const format = formatOf(mediaType, name);
  switch (format) {
    case 'pdf': {
      const result = await extractPdf(bytes, opts);
      // Pages without a text layer: their scanned images, decoded here (in the worker) for OCR in the service.
      const need = result.ocrNeeded ?? [];
      if (!need.length) return result;
      try {
        return { ...result, ocrImages: await pdfPageImages(bytes, { pages: need, ...(opts.signal ? { signal: opts.signal } : {}) }) };
      } catch (e) {
        if (e instanceof SanctumError && e.code === 'CANCELLED') throw e;
        return { ...result, warnings: [...result.warnings, `page images for OCR could not be read: ${e instanceof Error ? e.message : String(e)}`] };
      }
    }
    case 'docx':
      return extractDocx(bytes);
    case 'email':
      return extractEml(bytes);
    case 'html':
      return extractHtml(bytes);
    case 'plain':
      return extractPlain(bytes);
    case 'image':
      return { status: 'no-text', pages: [], extractor: 'image (OCR)', warnings: [], ocrNeeded: [1] };
    default:
      return { status: 'unsupported', pages: [], extractor: 'none', warnings: [`no text reader for ${mediaType || 'this type of file'}`] };
  }
}
