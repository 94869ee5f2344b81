/**
 * The seam to OCR (issue 14): image files and PDF pages without a text layer are handed to an `ocrPages`
 * function with the signature of main/core/documents/ocr.ts (written separately). Until one is wired in, those
 * items and pages are marked `no-text` / `partial` with the warning OCR_NOT_RUN — never a made-up text.
 */
import type { TextPage } from '../../../shared/model/records';

export interface OcrPageInput {
  page: number;
  image: { data: Uint8Array; width: number; height: number; channels: 1 | 3 | 4 } | { encoded: Uint8Array };
}

export type OcrFn = (pages: OcrPageInput[], opts: { languages?: string[]; signal?: AbortSignal; onProgress?: (done: number, total: number) => void }) => Promise<TextPage[]>;

export const OCR_NOT_RUN = 'OCR not run';
