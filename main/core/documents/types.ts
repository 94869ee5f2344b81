/** What the per-format extractors (extract-*.ts) return: pure data, no vault, no I/O. */
import type { EvidenceTextData, TextPage } from '../../../shared/model/records';
import type { OcrPageInput } from './ocr-hook';

export type { TextPage };

/** An e-mail attachment, to be taken in as its own evidence item. */
export interface ExtractedAttachment {
  name: string;
  mediaType: string;
  data: Uint8Array;
}

export interface ExtractResult {
  status: EvidenceTextData['status'];
  pages: TextPage[];
  charset?: string;
  email?: Omit<NonNullable<EvidenceTextData['email']>, 'attachments'>;
  attachments?: ExtractedAttachment[];
  /** What produced it, with versions. */
  extractor: string;
  warnings: string[];
  /** Pages (1-based) that have no text layer and need OCR; for an image, [1]. */
  ocrNeeded?: number[];
  /** PDF: the scanned image of each page in ocrNeeded that has one (pdf-images.ts), decoded in the worker. */
  ocrImages?: OcrPageInput[];
}

export interface ExtractOptions {
  signal?: AbortSignal | undefined;
  /** Pages done of total (PDF), or 0/1 for one-piece formats. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Hard limits against hostile files: they end in a clear error or a partial result, never a hang. */
export const LIMITS = {
  pdfPages: 5_000,
  /** Wall time for one document. */
  ms: 120_000,
  /** Characters kept per page (the record's limit is 5,000,000). */
  pageChars: 4_000_000,
  attachments: 200,
} as const;
